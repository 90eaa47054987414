"""References that run in a cycle (an affiliation, a parent, a `responds_to`): found in
time linear in the links, and refused with the chain that returns."""

from app.loader.checker import Checker, Link


def refuse_cycles(checker: Checker, kind: str, field_name: str, links: list[Link]) -> None:
    """Refuse references that run in a cycle (a record referring to itself is the shortest),
    with an error at each reference that lies on one. A record may refer to several others
    (`responds_to`), so a link is on a cycle when its target leads back to the record."""
    targets: dict[str, list[str]] = {}
    for link in links:
        targets.setdefault(link.name, []).append(link.target)
    cyclic = _on_cycles(targets)
    for link in links:
        if link.name not in cyclic or link.target not in cyclic:
            continue
        chain = _path(targets, link.target, link.name)
        if chain is None:
            continue
        checker.fail(
            link.file,
            link.path,
            f"{kind} {link.name}",
            f"{field_name} chain returns to {kind} {link.name}: {' → '.join([link.name, *chain])}",
        )


def _on_cycles(targets: dict[str, list[str]]) -> set[str]:
    """The records that lie on some cycle: those left after repeatedly removing every record
    that refers to nothing left (Kahn's algorithm, in time linear in the links)."""
    referrers: dict[str, list[str]] = {}
    remaining = {name: len(set(found)) for name, found in targets.items()}
    for name, found in targets.items():
        for target in set(found):
            referrers.setdefault(target, []).append(name)
            remaining.setdefault(target, 0)
    settled = [name for name, count in remaining.items() if count == 0]
    while settled:
        name = settled.pop()
        for referrer in referrers.get(name, []):
            remaining[referrer] -= 1
            if remaining[referrer] == 0:
                settled.append(referrer)
    return {name for name, count in remaining.items() if count > 0}


def _path(targets: dict[str, list[str]], start: str, end: str) -> list[str] | None:
    """The shortest chain of references from `start` to `end` (both included), if any."""
    came_from: dict[str, str | None] = {start: None}
    frontier = [start]
    while frontier:
        following = []
        for name in frontier:
            if name == end:
                chain: list[str] = []
                at: str | None = name
                while at is not None:
                    chain.append(at)
                    at = came_from[at]
                return chain[::-1]
            for target in targets.get(name, []):
                if target not in came_from:
                    came_from[target] = name
                    following.append(target)
        frontier = following
    return None
