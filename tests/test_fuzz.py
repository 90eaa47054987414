"""The API fuzzed from its own schema (tests/fuzz.py): zero failures, zero errors.

Bounded for `make test`: a fixed seed, so a run in CI is the run on a laptop, and few enough
examples per operation to stay near a minute on two cores. `make fuzz` runs the same with
many more examples (FUZZ_EXAMPLES) and a new seed each time (FUZZ_SEED=random)."""

import os

from app import queries
from app.lookups import lookups
from app.main import served
from tests.fuzz import run

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
_SEED = os.environ.get("FUZZ_SEED", "7")
SEED = None if _SEED == "random" else int(_SEED)
OPERATIONS = 28  # every GET in the schema (tests/test_openapi.py lists them)


def test_every_operation_holds_to_its_schema(client, session):
    # `client` points the app at the seeded database; `served` is that app behind the cache.
    report = run(
        served,
        lookups(session=session),
        queries.position_ids(session=session),
        examples=EXAMPLES,
        seed=SEED,
    )
    print("\n" + report.summary())
    assert report.operations == OPERATIONS
    assert report.cases > OPERATIONS * EXAMPLES
    assert report.failures == [], report.summary()
    assert report.errors == [], report.summary()
    assert set(report.phases.values()) == {"success"}, report.summary()
