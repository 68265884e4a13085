"""``python -m crmsim.cli`` is the ``crmsim`` command."""

from crmsim.cli import main

raise SystemExit(main())
