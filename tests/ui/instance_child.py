"""Run by test_single_instance.py: `salescoach` exactly as the command runs it, except that the
'does not answer' message box (which would wait for a click) prints instead."""

from __future__ import annotations

import sys

from salescoach.app import main
from salescoach.ui.single_instance import AlreadyRunning


def _print_instead(cls, basedir) -> None:
    print(f"TOLD\t{basedir}", flush=True)


if __name__ == "__main__":
    AlreadyRunning.tell = classmethod(_print_instead)  # type: ignore[method-assign]
    sys.exit(main(sys.argv[1:]))
