"""`python -m salescoach` behaves exactly like the `salescoach` command."""

import sys

from salescoach.app import main

if __name__ == "__main__":
    sys.exit(main())
