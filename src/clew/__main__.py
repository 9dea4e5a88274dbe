"""`python -m clew`: the same as the `clew` command."""

import sys

from clew.cli import main

sys.exit(main())
