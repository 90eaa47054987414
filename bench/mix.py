"""The request mix of `make load`: what a busy client population asks of the API, in the
order mix.lua cycles through it. Most requests repeat a popular URL (cache hits); some ask
for a page nobody asked for before (misses, which reach the database); some export; some
revalidate with the ETag they were given (304); some are mistakes (404, 400)."""

import re
from dataclasses import dataclass
from pathlib import Path

from bench.scenarios import HEADERS

MIX_SCRIPT = Path(__file__).with_name("mix.lua")
# A miss path's placeholders; mix.lua fills them from a counter that never repeats in a run.
MISS_PLACEHOLDERS = "per_page={per_page}&page={page}"
KINDS = ("hit", "miss", "export", "not-modified", "error")


@dataclass(frozen=True)
class MixRequest:
    kind: str  # one of KINDS
    path: str
    status: int = 200  # the one status this request must get

    @property
    def conditional(self) -> bool:
        """Sent with If-None-Match: the ETag a plain GET of the same path got."""
        return self.kind == "not-modified"

    @property
    def template(self) -> bool:
        return "{page}" in self.path

    def headers(self, etag: str | None) -> dict[str, str]:
        if not self.conditional:
            return dict(HEADERS)
        return {**HEADERS, "If-None-Match": etag or '"none"'}


def _miss(path: str) -> MixRequest:
    separator = "&" if "?" in path else "?"
    return MixRequest("miss", f"{path}{separator}{MISS_PLACEHOLDERS}")


def interleave(weighted: list[tuple[MixRequest, int]]) -> tuple[MixRequest, ...]:
    """Each request as many times as its weight, spread evenly over the cycle (smooth
    weighted round robin), so every stretch of the run sees every kind."""
    total = sum(weight for _, weight in weighted)
    credit = [0] * len(weighted)
    cycle = []
    for _ in range(total):
        credit = [c + weight for c, (_, weight) in zip(credit, weighted, strict=True)]
        chosen = credit.index(max(credit))
        credit[chosen] -= total
        cycle.append(weighted[chosen][0])
    return tuple(cycle)


# A cycle of 40 requests. Mostly hits, as for any read API whose answers are cacheable. A
# miss or a 404 costs the server about as much as fifty hits or more (measured with wrk on
# this mix's requests one at a time), so their share sets the throughput: 1 in 20 a miss,
# 3 in 40 a mistake.
MIX: tuple[MixRequest, ...] = interleave(
    [
        (MixRequest("hit", "/positions"), 5),
        (MixRequest("hit", "/parties"), 3),
        (MixRequest("hit", "/issues"), 3),
        (MixRequest("hit", "/documents"), 2),
        (MixRequest("hit", "/issues/dairen/comparison"), 3),
        (MixRequest("hit", "/parties/stalin/positions"), 3),
        (MixRequest("hit", "/positions?party=stalin&issue=dairen"), 4),
        (MixRequest("hit", "/positions?q=troops"), 3),
        (MixRequest("not-modified", "/positions", 304), 3),
        (MixRequest("not-modified", "/parties", 304), 2),
        (MixRequest("not-modified", "/issues/dairen/comparison", 304), 1),
        (MixRequest("export", "/positions?format=csv"), 1),
        (MixRequest("export", "/positions?format=ndjson"), 1),
        (MixRequest("export", "/issues/dairen/positions?format=csv"), 1),
        (_miss("/positions"), 1),
        (_miss("/issues/port-arthur/positions?q=troops"), 1),
        (MixRequest("error", "/parties/no-such-party", 404), 1),
        (MixRequest("error", "/positions?colour=red", 400), 1),
        (MixRequest("error", "/issues?per_page=0", 400), 1),
    ]
)
EXPECTED_STATUSES = frozenset(request.status for request in MIX)


def instantiate(path: str, n: int) -> str:
    """The miss path mix.lua sends for counter value n (the same arithmetic)."""
    values = {"per_page": n % 100 + 1, "page": n // 100 + 1}
    return re.sub(r"\{(per_page|page)\}", lambda found: str(values[found[1]]), path)


def write_mix_file(path: Path, etags: dict[str, str]) -> Path:
    """One line per request, as mix.lua reads it; `etags` maps a path to its ETag."""
    lines = [
        "\t".join(
            [request.path]
            + [f"{k}: {v}" for k, v in request.headers(etags.get(request.path)).items()]
        )
        for request in MIX
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def new_pages(report: str) -> int:
    """Distinct new pages asked for (mix.lua's "new_pages <count>" lines, one per thread)."""
    return sum(int(count) for count in re.findall(r"^new_pages (\d+)$", report, re.M))


def sent_counts(report: str) -> list[int]:
    """Requests sent per line of the mix (mix.lua's "sent <line> <count>" lines)."""
    counts = [0] * len(MIX)
    for line, count in re.findall(r"^sent (\d+) (\d+)$", report, re.M):
        counts[int(line) - 1] += int(count)
    return counts
