"""``python -m mkba``: the command line."""

import sys

from mkba.cli import main

sys.exit(main())
