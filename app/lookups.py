"""Slugs, aliases, ids and the issue tree of the loaded dataset, read once per dataset version.

They are small and read-only, and every filter and every slug in a path needs them, so they
are cached by the dataset version rather than queried on every request."""

from collections.abc import Hashable
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from app.models import Dataset, Document, Issue, IssueAlias, Party, PartyAlias


@dataclass(frozen=True)
class IssueScale:
    """A bargaining issue's scale and the editorial points on it (see seed/README.md)."""

    labels: tuple[str, ...]  # point n is labels[n]
    note: str | None
    reference_point: dict[str, Any] | None  # point, quote, source (citation), note
    outcome_point: int | None
    outcome_source: str | None

    def label(self, point: int | None) -> str | None:
        return None if point is None else self.labels[point]

    @classmethod
    def of(cls, row: Any) -> "IssueScale | None":  # noqa: ANN401 (an ORM row or a Row)
        """The scale of an issue row (or a row of its columns), or None if it has none."""
        if not row.scale:
            return None
        return cls(
            labels=tuple(row.scale),
            note=row.scale_note,
            reference_point=row.reference_point,
            outcome_point=row.outcome_point,
            outcome_source=row.editorial_outcome_source,
        )


@dataclass(frozen=True)
class Lookups:
    """Slugs, aliases, ids and the issue tree of one dataset version."""

    party_names: dict[str, str]  # slug or alias slug → canonical slug
    # A title the text gives two or more parties and no alias claims ("generalissimo": the
    # telegram's word for Stalin and, alone, for Chiang Kai-shek) → (title, their slugs).
    shared_titles: dict[str, tuple[str, tuple[str, ...]]]
    issue_names: dict[str, str]
    document_names: dict[str, str]
    party_ids: dict[str, int]  # canonical slug → id
    issue_ids: dict[str, int]
    document_ids: dict[str, int]
    issue_parents: dict[int, int | None]
    # id → what a reference to the row shows, so that presenting a position needs no join
    party_refs: dict[int, tuple[str, str]]  # id → (slug, name)
    issue_refs: dict[int, tuple[str, str]]
    document_slugs: dict[int, str]
    document_sources: dict[int, str]  # id → the source's URL (history.state.gov)
    issue_scales: dict[int, IssueScale]  # id → scale, for the issues that have one
    version: tuple[str, str] | None = None  # (dataset version, loader version) they were read at

    def party_name(self, slug: str) -> str:
        """A party's display name, by its canonical slug."""
        return self.party_refs[self.party_ids[slug]][1]

    def issue_ids_with_descendants(self, slugs: list[str]) -> frozenset[int]:
        ids = {self.issue_ids[slug] for slug in slugs}
        grew = True
        while grew:
            more = {child for child, parent in self.issue_parents.items() if parent in ids} - ids
            ids |= more
            grew = bool(more)
        return frozenset(ids)


# Keyed by (dataset version, loader version): the same seed loaded by other code can differ.
_lookups_by_version: dict[tuple[str, str] | None, Lookups] = {}


def _names(
    session: Session,
    model: type[Party | Issue],
    alias_model: type[PartyAlias | IssueAlias],
    owner_column: int,
) -> dict[str, str]:
    names = {slug: slug for slug in session.scalars(select(col(model.slug)))}
    rows = session.execute(
        select(col(alias_model.slug), col(model.slug)).join(
            model, col(owner_column) == col(model.id)
        )
    )
    names.update({alias: slug for alias, slug in rows})
    return names


def _ids(session: Session, model: type[Party | Issue | Document]) -> dict[str, int]:
    return {row.slug: row.id for row in session.execute(select(col(model.slug), col(model.id)))}


def _shared_titles(
    session: Session, party_names: dict[str, str]
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Roles the text states for more than one party that are no slug or alias: asked for,
    they are ambiguous, not unknown."""
    holders: dict[str, tuple[str, list[str]]] = {}
    rows = session.execute(
        select(col(Party.slug), col(Party.role))
        .where(col(Party.role_basis) == "stated", col(Party.role).is_not(None))
        .order_by(col(Party.slug))
    )
    for row in rows:
        key = "-".join(row.role.lower().split())
        holders.setdefault(key, (row.role, []))[1].append(row.slug)
    return {
        key: (title, tuple(slugs))
        for key, (title, slugs) in holders.items()
        if len(slugs) > 1 and key not in party_names
    }


def ambiguity(lookups: Lookups, wanted: str) -> tuple[str, list[str]] | None:
    """Why `wanted` names no one party, and the parties it could mean; None if it is no
    shared title."""
    shared = lookups.shared_titles.get(wanted.lower())
    if shared is None:
        return None
    title, slugs = shared
    named = " and ".join(f"{slug} ({lookups.party_name(slug)})" for slug in slugs)
    return (
        f"'{wanted}' is ambiguous: the text calls {named} \"{title}\"; name one of them",
        list(slugs),
    )


def _refs(session: Session, model: type[Party | Issue]) -> dict[int, tuple[str, str]]:
    rows = session.execute(select(col(model.id), col(model.slug), col(model.name)))
    return {row.id: (row.slug, row.name) for row in rows}


def _issue_tree(session: Session) -> tuple[dict[int, int | None], dict[int, IssueScale]]:
    """Each issue's parent, and the scales of the issues that have one: one statement."""
    parents: dict[int, int | None] = {}
    scales: dict[int, IssueScale] = {}
    rows = session.execute(
        select(
            col(Issue.id),
            col(Issue.parent_id),
            col(Issue.scale),
            col(Issue.scale_note),
            col(Issue.reference_point),
            col(Issue.outcome_point),
            col(Issue.editorial_outcome_source),
        )
    )
    for row in rows:
        parents[row.id] = row.parent_id
        scale = IssueScale.of(row)
        if scale is not None:
            scales[row.id] = scale
    return parents, scales


def lookups(*, session: Session) -> Lookups:
    """The lookups of the loaded dataset (one query when they are cached)."""
    row = session.execute(select(col(Dataset.version), col(Dataset.loader_sha256))).first()
    version = (row.version, row.loader_sha256) if row else None
    found = _lookups_by_version.get(version)
    if found is None:
        issue_parents, issue_scales = _issue_tree(session)
        party_names = _names(session, Party, PartyAlias, PartyAlias.party_id)
        found = Lookups(
            party_names=party_names,
            shared_titles=_shared_titles(session, party_names),
            issue_names=_names(session, Issue, IssueAlias, IssueAlias.issue_id),
            document_names={slug: slug for slug in session.scalars(select(col(Document.slug)))},
            party_ids=_ids(session, Party),
            issue_ids=_ids(session, Issue),
            document_ids=_ids(session, Document),
            issue_parents=issue_parents,
            party_refs=_refs(session, Party),
            issue_refs=_refs(session, Issue),
            document_slugs={
                row.id: row.slug
                for row in session.execute(select(col(Document.id), col(Document.slug)))
            },
            document_sources={
                row.id: row.url
                for row in session.execute(select(col(Document.id), col(Document.url)))
            },
            issue_scales=issue_scales,
            version=version,
        )
        _lookups_by_version.clear()  # one dataset is served at a time
        _lookups_by_version[version] = found
    return found


# The same lookups by the served SQLite file's identity (app/api/deps.get_lookups): a load
# always swaps in a new file, so an unchanged identity means unchanged lookups, known without
# the version query of `lookups()`. One entry: one file is served.
_lookups_by_file: dict[Hashable, Lookups] = {}


def known_for_file(identity: Hashable) -> Lookups | None:
    return _lookups_by_file.get(identity)


def remember_for_file(identity: Hashable, found: Lookups) -> None:
    _lookups_by_file.clear()
    _lookups_by_file[identity] = found


def forget() -> None:
    """Drop every cached lookup (tests that swap the served database)."""
    _lookups_by_version.clear()
    _lookups_by_file.clear()


def suggestions(names: dict[str, str], wanted: str, *, limit: int = 3) -> list[str]:
    """Up to `limit` canonical slugs whose slug or alias is close to `wanted`."""
    found: list[str] = []
    for match in get_close_matches(wanted.lower(), names, n=limit * 3, cutoff=0.6):
        if names[match] not in found:
            found.append(names[match])
    return found[:limit]


def did_you_mean(close: list[str]) -> str:
    """Say "did you mean a or b?" for suggestions, or "" when there are none."""
    return f"did you mean {' or '.join(close)}?" if close else ""
