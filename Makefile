# Jaring — the two set-up commands are `make demo` and `make test`.
SHELL := /bin/bash
# Django 6 needs Python 3.12+; take the newest one this machine has (pyenv installs included).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then command -v $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test lint format bench install install-dev clean serve

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then echo "Jaring needs Python 3.12 or newer (Django 6). Install it and run again." >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/jaring setup
	$(BIN)/jaring demo
	$(BIN)/jaring serve --port $(PORT)

test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check jaring tests bench
	$(BIN)/ruff format --check jaring tests bench

format: install-dev
	$(BIN)/ruff format jaring tests bench
	$(BIN)/ruff check --fix jaring tests bench

bench: install-dev
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) var/*.sqlite3* staticfiles
