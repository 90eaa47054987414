"""How a position is shown: `include` expands references into whole objects, `fields` keeps
only some keys (`id` and `url` always). Expanded objects are read one statement per kind
for a whole page (or export chunk), never per row: the parties (and addressees) with their
aliases and affiliation in one joined SELECT, the issues likewise, the documents without
their text, and the positions answered as position rows."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import QueryableAttribute, defer, joinedload
from sqlmodel import Session, col

from app import queries
from app.api import present
from app.api.present import Urls
from app.lookups import Lookups
from app.models import Document, Issue, Party, Position, relation
from app.queries import PositionRow
from app.schemas import PositionPublic

INCLUDES = ("party", "issue", "document", "responds_to", "addressee")
FIELDS = tuple(PositionPublic.model_fields)
ALWAYS = ("id", "url")


@dataclass(frozen=True)
class View:
    """What of each position to show: the references to expand, and the keys to keep (None:
    every key)."""

    include: frozenset[str] = frozenset()
    fields: frozenset[str] | None = None

    @property
    def plain(self) -> bool:
        """Whether positions are shown as they always are (no include, every field)."""
        return not self.include and self.fields is None

    def shows(self, key: str) -> bool:
        return self.fields is None or key in self.fields or key in ALWAYS

    def expands(self, key: str) -> bool:
        return key in self.include and self.shows(key)


def _parties(session: Session, ids: set[int], urls: Urls) -> dict[int, dict[str, Any]]:
    stmt = (
        select(Party)
        .where(col(Party.id).in_(sorted(ids)))
        .options(joinedload(relation(Party.aliases)), joinedload(relation(Party.affiliation)))
    )
    rows = session.scalars(stmt).unique()
    return {row.id: present.party(row, urls).model_dump(mode="json") for row in rows if row.id}


def _issues(session: Session, ids: set[int], urls: Urls) -> dict[int, dict[str, Any]]:
    stmt = (
        select(Issue)
        .where(col(Issue.id).in_(sorted(ids)))
        .options(
            joinedload(relation(Issue.aliases)),
            joinedload(relation(Issue.children)),
            joinedload(relation(Issue.parent)),
        )
    )
    rows = session.scalars(stmt).unique()
    return {row.id: present.issue(row, urls).model_dump(mode="json") for row in rows if row.id}


def _documents(session: Session, ids: set[int], urls: Urls) -> dict[int, dict[str, Any]]:
    text = cast(QueryableAttribute[str], Document.text)  # a summary has no text: not read
    stmt = select(Document).where(col(Document.id).in_(sorted(ids))).options(defer(text))
    return {
        row.id: present.document_summary(row, urls).model_dump(mode="json")
        for row in session.scalars(stmt)
        if row.id
    }


def _answered(
    session: Session, ids: set[str], urls: Urls, lookups: Lookups
) -> dict[str, dict[str, Any]]:
    stmt = select(*queries.POSITION_COLUMNS).where(col(Position.id).in_(sorted(ids)))
    return {
        row.id: present.position(row, urls, lookups).model_dump(mode="json")
        for row in session.execute(stmt)
    }


def shown(
    *,
    session: Session,
    rows: Sequence[PositionRow],
    view: View,
    urls: Urls,
    lookups: Lookups,
) -> list[dict[str, Any]]:
    """The rows as served under `view`: each expanded kind read in one statement (none when
    no row refers to one), then only the kept keys, in the schema's order."""
    party_ids = {row.party_id for row in rows} if view.expands("party") else set()
    if view.expands("addressee"):
        party_ids |= {row.addressee_id for row in rows if row.addressee_id is not None}
    answered = (
        {pid for row in rows for pid in (row.responds_to or "").split()}
        if view.expands("responds_to")
        else set()
    )
    parties = _parties(session, party_ids, urls) if party_ids else {}
    issues = _issues(session, {row.issue_id for row in rows}, urls) if view.expands("issue") else {}
    documents = (
        _documents(session, {row.document_id for row in rows}, urls)
        if view.expands("document")
        else {}
    )
    positions = _answered(session, answered, urls, lookups) if answered else {}
    found = []
    for row in rows:
        item = present.position(row, urls, lookups).model_dump(mode="json")
        if view.expands("party"):
            item["party"] = parties[row.party_id]
        if view.expands("addressee") and row.addressee_id is not None:
            item["addressee"] = parties[row.addressee_id]
        if view.expands("issue"):
            item["issue"] = issues[row.issue_id]
        if view.expands("document"):
            item["document"] = documents[row.document_id]
        if view.expands("responds_to"):
            item["responds_to"] = [positions[pid] for pid in item["responds_to"]]
        if view.fields is not None:
            item = {key: value for key, value in item.items() if view.shows(key)}
        found.append(item)
    return found
