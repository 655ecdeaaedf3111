"""``python -m casegraph``: the command line."""

from casegraph.graph.cli import main

raise SystemExit(main())
