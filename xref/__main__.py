"""``python -m xref``."""

from xref.cli import main

raise SystemExit(main())
