"""``python -m crmsim.cli`` is the ``crmsim`` command."""

from crmsim.cli.main import main

raise SystemExit(main())
