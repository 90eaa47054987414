"""Suggestions for what a client meant, wherever it can get a name wrong: a vocabulary value
(`?stance=agree` → `accept`), a query parameter (`?actr=` → `actor`) or a path
(`/issue/dairen` → `/issues/dairen`). Slugs have theirs in app/lookups.py."""

import re
from collections.abc import Iterable
from difflib import SequenceMatcher, get_close_matches
from typing import Any

from app.vocabulary import Stance

CUTOFF = 0.6  # difflib's default: close enough to be a slip of the keyboard
LIMIT = 3

# Words a client may reach for instead of a stance, each pointing to the stance whose
# definition (seed/README.md) uses it: "accept: agrees to a term, limit or course of action".
STANCE_WORDS: dict[str, Stance] = {
    "agree": Stance.ACCEPT,
    "agreed": Stance.ACCEPT,
    "agrees": Stance.ACCEPT,
    "suggest": Stance.PROPOSE,
    "proposal": Stance.PROPOSE,
    "counterproposal": Stance.COUNTER_PROPOSE,
    "counter": Stance.COUNTER_PROPOSE,
    "demand": Stance.INSIST,
    "give-up": Stance.CONCEDE,
    "reaffirm": Stance.CONFIRM,
    "reservation": Stance.QUALIFY,
    "condition": Stance.QUALIFY,
    "press": Stance.URGE,
    "assurance": Stance.ASSURE,
    "ask": Stance.REQUEST,
    "question": Stance.INQUIRE,
    "answer": Stance.REPLY,
    "weigh": Stance.CONSIDER,
    "fear": Stance.EXPRESS_CONCERN,
    "object": Stance.EXPRESS_CONCERN,
    "concern": Stance.EXPRESS_CONCERN,
    "believe": Stance.REPORT_BELIEF,
    "belief": Stance.REPORT_BELIEF,
    "state": Stance.DECLARE,
}


# A match this much less alike than the best one is not offered beside it: `actr` is `actor`,
# not also `facet`.
CLEARLY_WORSE = 0.15


def close_names(wanted: str, names: Iterable[str], *, limit: int = LIMIT) -> list[str]:
    """Up to `limit` of `names` that `wanted` looks like a misspelling of, the likeliest
    first, leaving out those clearly less alike than the best."""
    wanted = wanted.lower()
    close = get_close_matches(wanted, list(names), n=limit, cutoff=CUTOFF)
    if not close:
        return []
    likeness = {name: SequenceMatcher(None, wanted, name).ratio() for name in close}
    best = max(likeness.values())
    return [name for name in close if likeness[name] >= best - CLEARLY_WORSE]


def allowed_values(error: dict[str, Any]) -> list[str]:
    """The values a Pydantic enum or literal error lists (`Input should be 'a', 'b' or 'c'`)."""
    expected = (error.get("ctx") or {}).get("expected")
    if error.get("type") not in ("enum", "literal_error") or not isinstance(expected, str):
        return []
    return re.findall(r"'([^']*)'", expected)


def value_suggestions(error: dict[str, Any]) -> list[str]:
    """What a refused vocabulary value probably meant: a word its definition uses, then the
    allowed values it looks like."""
    allowed = allowed_values(error)
    wanted = error.get("input")
    if not allowed or not isinstance(wanted, str):
        return []
    found: list[str] = []
    meant = STANCE_WORDS.get(wanted.strip().lower())
    if meant is not None and meant.value in allowed:
        found.append(meant.value)
    found += [name for name in close_names(wanted, allowed) if name not in found]
    return found[:LIMIT]


def path_suggestions(path: str, templates: Iterable[str], *, limit: int = LIMIT) -> list[str]:
    """Paths of the API that `path` looks like a misspelling of: the same number of segments,
    each fixed segment close to the one given, each `{parameter}` taking the one given."""
    wanted = [segment for segment in path.split("/") if segment]
    scored: dict[str, float] = {}
    for template in templates:
        parts = [segment for segment in template.split("/") if segment]
        if len(parts) != len(wanted):
            continue
        filled, score = [], 0.0
        for part, given in zip(parts, wanted, strict=True):
            if part.startswith("{"):
                filled.append(given)
                continue
            ratio = SequenceMatcher(None, part, given.lower()).ratio()
            if ratio < CUTOFF:
                break
            filled.append(part)
            score += ratio
        else:
            score += 0.01 if template.endswith("/") == path.endswith("/") else 0.0
            candidate = "/" + "/".join(filled) + ("/" if template.endswith("/") and filled else "")
            if candidate != path:
                scored[candidate] = max(score, scored.get(candidate, 0.0))
    return sorted(scored, key=lambda found: (-scored[found], found))[:limit]
