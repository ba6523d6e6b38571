"""`jaring run-eligibility`: the hyphenated name of the run_eligibility command."""

from jaring.programs.management.commands.run_eligibility import Command

__all__ = ["Command"]
