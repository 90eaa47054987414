"""`make bench`: parley against FastAPI's hello world and Datasette, in one run.

All three serve on one CPU (`taskset`), `wrk` loads them from the other; see measure.py for
the order of a run, scenarios.py for what is measured, datasette-metadata.yaml for the
equivalent canned queries. Speed never fails a run: errors do (exit status 1).
"""

from typing import Any

Json = dict[str, Any]  # a result as `--json` writes it
