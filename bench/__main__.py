"""`python -m bench` (or `make bench`), and `python -m bench faults`: see bench/README.md."""

import sys

from bench import main

if sys.argv[1:2] == ["faults"]:
    from bench.faults import main as faults

    raise SystemExit(faults(sys.argv[2:]))
raise SystemExit(main())
