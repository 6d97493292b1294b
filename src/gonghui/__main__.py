"""The `gonghui` command: Django management commands plus the pure planner CLI.

`gonghui recuperation solve|generate ...` runs the planner without Django;
everything else (`migrate`, `demo`, `logins`, `runserver`, ...) is a management command.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "recuperation" and len(args) > 1 and args[1] in {"solve", "generate"}:
        from gonghui.planner.cli import main as planner_main

        return planner_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gonghui", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
