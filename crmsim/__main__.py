"""``python -m crmsim`` is the ``crmsim`` command."""

from crmsim.cli import main

raise SystemExit(main())
