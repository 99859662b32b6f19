"""``python -m kit``: the same as the ``kit`` command."""

import sys

from .cli import main

sys.exit(main())
