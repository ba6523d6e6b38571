"""The `jaring` command: Django's management commands under the project's own name.

`jaring help` lists every command; `jaring regions stats`, `jaring import FILE`, ... are
management commands living in the apps.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "jaring"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
