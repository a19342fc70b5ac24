"""`python -m bench.serving [options]`: run the serving benchmark (see run.py).

Why: `make bench-serving` runs the package as a module, from the repo root.
"""

import sys

from bench.serving.run import main

sys.exit(main())
