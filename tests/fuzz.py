"""Schemathesis over the API's own OpenAPI schema, in process, against what the server runs.

Every operation, every check Schemathesis has, every phase: the schema's examples, coverage
(boundaries and each documented constraint broken one at a time), random positive and
negative data, and stateful sequences along the links it infers between operations (a list's
`slug`s feed `/parties/{slug}`, and so on). `tests/test_fuzz.py` runs a bounded number of
examples in `make test`; `make fuzz` runs many more and prints the summary.

Nothing is silenced. Two things the schema cannot say are told to Schemathesis instead:
- Which slugs exist is data, not schema: the schema gives a slug's shape, the loaded seed
  decides which ones name something, and an unknown one is a 400 `unknown-value` problem
  with suggestions (tests/api/test_filters.py). So in cases meant to be valid, filter values
  that name nothing are swapped for real slugs of the seed; invalid cases go out as generated.
- JSON Schema bounds each parameter but not a whole query string, which past 4 KB is a
  documented 414 problem on every operation. A valid-looking request that long is rightly
  refused, and an invalid one rightly refused with 414 rather than 400.
"""

import hashlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis.engine import Status, events, from_schema
from starlette.types import ASGIApp, Receive, Scope, Send

from app.lookups import Lookups

# Schemathesis's defaults, with the documented 414 added to each.
VALID_REQUEST_STATUSES = ["2xx", "3xx", "401", "403", "404", "409", "414", "429", "5xx"]
INVALID_REQUEST_STATUSES = ["400", "401", "403", "404", "405", "406", "409", "414", "415", "422"]
INVALID_REQUEST_STATUSES += ["428", "429", "5xx"]
# Query parameters whose values name something of the dataset, and what they name.
FILTERS = {
    "party": "party",
    "actor": "party",
    "addressee": "party",
    "reported_by": "party",
    "issue": "issue",
    "topic": "issue",
    "id": "position",
}


def asgi(app: Callable) -> ASGIApp:
    """`app` as an `async def`: Granian's proxy-header wrapper is a plain function returning a
    coroutine, which Schemathesis would take for a WSGI app."""

    async def call(scope: Scope, receive: Receive, send: Send) -> None:
        await app(scope, receive, send)

    return call


def config(*, examples: int, seed: int | None) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            **({"seed": seed} if seed is not None else {}),
            "generation": {"max-examples": examples, "mode": "all"},
            "checks": {
                "enabled": True,  # every check, including the ones off by default
                "positive_data_acceptance": {"expected-statuses": VALID_REQUEST_STATUSES},
                "negative_data_rejection": {"expected-statuses": INVALID_REQUEST_STATUSES},
            },
        }
    )


def _pick(value: str, names: list[str]) -> str:
    """A known name for `value`, the same one every time (so shrinking stays meaningful)."""
    digest = int(hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest(), 16)
    return names[digest % len(names)]


def known_slugs_only(lookups: Lookups, position_ids: list[str]) -> Callable:
    """A `map_case` hook: in a valid query, each filter value that names nothing becomes a slug
    (or position id) of the seed, since the schema cannot list what the loaded dataset has."""
    vocabularies = {
        "party": lookups.party_names,
        "issue": lookups.issue_names,
        "document": lookups.document_names,
        "position": {position_id: position_id for position_id in position_ids},
    }
    known = {kind: sorted(names) for kind, names in vocabularies.items()}

    def replace(value: str, kind: str) -> str:
        entries = [entry.strip() for entry in value.split(",")]
        return ",".join(
            entry if not entry or entry.lower() in vocabularies[kind] else _pick(entry, known[kind])
            for entry in entries
        )

    def map_case(_context: Any, case: schemathesis.Case) -> schemathesis.Case:
        meta = case.meta
        if not case.query or meta is None or not meta.generation.mode.is_positive:
            return case
        for name, value in list(case.query.items()):
            kind = FILTERS.get(name, name if name in vocabularies else None)
            if kind is None:
                continue
            if isinstance(value, list):
                case.query[name] = [replace(str(item), kind) for item in value]
            else:
                case.query[name] = replace(str(value), kind)
        return case

    return map_case


@dataclass
class Report:
    operations: int = 0
    cases: int = 0
    seconds: float = 0.0
    seed: int | None = None
    phases: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    reported: set[tuple[str, ...]] = field(default_factory=set)  # (check, operation, title)

    def add_scenario(self, event: events.ScenarioFinished) -> None:
        """Count the scenario's cases and statuses; describe each failure not seen before."""
        recorder = event.recorder
        self.cases += len(recorder.cases)
        for interaction in recorder.interactions.values():
            if interaction.response is not None:
                self.statuses[interaction.response.status_code] += 1
        for check_case_id, checks in recorder.checks.items():
            for check in checks:
                info = check.failure_info
                if check.status != Status.FAILURE or info is None:
                    continue
                failure = info.failure
                key = (check.name, failure.operation or "", failure.title)
                if key not in self.reported:
                    self.reported.add(key)
                    answer = _answer(recorder.interactions.get(check_case_id))
                    self.failures.append(
                        f"FAIL {event.phase.value} {failure.operation}: {failure.title} "
                        f"({check.name})\n  {failure.message}\n  {info.code_sample}"
                        f"\n  answered: {answer}"
                    )

    def summary(self) -> str:
        lines = [
            f"schemathesis: {self.operations} operations, {self.cases} cases in "
            f"{self.seconds:.0f} s (seed {self.seed}): {len(self.failures)} failures, "
            f"{len(self.errors)} errors",
            "phases: " + ", ".join(f"{name} {status}" for name, status in self.phases.items()),
            "statuses: " + ", ".join(f"{code}×{n}" for code, n in sorted(self.statuses.items())),
        ]
        return "\n".join(lines + self.failures + self.errors)


def _answer(interaction) -> str:
    """The status and the start of the body a failing case was answered with."""
    if interaction is None or interaction.response is None:
        return "(no response)"
    body = interaction.response.content or b""
    return f"{interaction.response.status_code} {body[:300]!r}"


def run(
    app: Callable,
    lookups: Lookups,
    position_ids: list[str],
    *,
    examples: int,
    seed: int | None,
) -> Report:
    """Fuzz `app` through its /openapi.json and report every failure once."""
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", asgi(app), config=config(examples=examples, seed=seed)
    )
    schema.hook("map_case")(known_slugs_only(lookups, position_ids))
    report = Report(seed=schema.config.seed)
    started = time.monotonic()
    for event in from_schema(schema).execute():
        if isinstance(event, events.PhaseFinished) and event.phase.is_enabled:
            report.phases[event.phase.name.value] = event.status.value
        elif isinstance(event, events.ScenarioFinished):
            report.add_scenario(event)
        elif isinstance(event, events.NonFatalError):
            report.errors.append(f"ERROR {event.label}: {event.info.format()}")
        elif isinstance(event, events.FatalError):
            report.errors.append(f"FATAL: {event.exception!r}")
    report.seconds = time.monotonic() - started
    report.operations = schema.statistic.operations.total
    return report
