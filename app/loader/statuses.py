"""Issue statuses by rule: a leaf's status is coded from the text; a parent's is computed
from its children's (the rule is written out in seed/README.md)."""

from app.vocabulary import IssueStatus

# A settled sub-issue: the text reports agreement or accepted assurances on it.
SETTLED = {IssueStatus.AGREED, IssueStatus.AGREED_IN_PRINCIPLE, IssueStatus.ASSURED}
# With nothing settled, a parent takes the first of its children's statuses in this order.
UNSETTLED_ORDER = (
    IssueStatus.DISPUTED,
    IssueStatus.OPEN,
    IssueStatus.REPORTED_BELIEF,
    IssueStatus.NOT_DISCUSSED,
)


def parent_status(children: list[IssueStatus]) -> IssueStatus:
    """The status of a parent issue whose children have these statuses (at least one)."""
    distinct = set(children)
    if len(distinct) == 1:
        return children[0]
    if distinct <= SETTLED:
        return IssueStatus.AGREED_IN_PRINCIPLE
    if distinct & SETTLED or IssueStatus.PARTLY_AGREED in distinct:
        return IssueStatus.PARTLY_AGREED
    return next(status for status in UNSETTLED_ORDER if status in distinct)


def computed_statuses(
    leaf_statuses: dict[str, IssueStatus], parents: dict[str, str | None]
) -> dict[str, IssueStatus]:
    """Every issue's status: the leaves' as given, each parent's from its children, deepest
    first. `parents` maps every issue slug to its parent's (None at the top); cycles are
    refused elsewhere, and give no status here."""
    children: dict[str, list[str]] = {}
    for slug, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(slug)
    statuses: dict[str, IssueStatus] = {}
    visiting: set[str] = set()  # a cycle (refused elsewhere) must not recurse forever

    def status_of(slug: str) -> IssueStatus | None:
        if slug in visiting:
            return None
        if slug not in statuses:
            if slug in children:
                visiting.add(slug)
                found = [status_of(child) for child in children[slug]]
                visiting.discard(slug)
                known = [status for status in found if status is not None]
                if len(known) < len(found):
                    return None  # a leaf below has no status (already an error)
                statuses[slug] = parent_status(known)
            elif slug in leaf_statuses:
                statuses[slug] = leaf_statuses[slug]
            else:
                return None
        return statuses[slug]

    for slug in parents:
        status_of(slug)
    return statuses
