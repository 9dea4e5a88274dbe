"""The bundled app's entry script: `clew` as installed by pip, made safe for worker processes."""

import multiprocessing
import sys

from clew.cli import main

if __name__ == "__main__":
    # A frozen app starts its worker processes by running itself again; this turns such a
    # start into the worker instead of a second window.
    multiprocessing.freeze_support()
    sys.exit(main())
