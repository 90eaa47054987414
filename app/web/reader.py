"""/reader/{document}: the text with every quote of the selected positions highlighted in its
party's colour, its context sentences marked, and a card for each position.

The filters are the API's (app/api/filters.py resolves them, aliases and errors included),
so `?party=stalin&issue=dairen` selects exactly what `/documents/{slug}/positions` would
with the same query. A form leaves an unchosen filter blank (`party=`); blank values are
dropped here, where the API refuses them."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape
from pydantic import BaseModel, Field, field_validator
from sqlmodel import Session

from app import queries
from app.api import present
from app.api.filters import position_filter
from app.api.params import PositionParams
from app.lookups import Lookups
from app.models import ContextSentence, Document
from app.queries import PositionFilter
from app.schemas import PositionPublic
from app.vocabulary import Stance
from app.web import text
from app.web.looks import Card, PartyLook, answers, card, party_looks


class ReaderParams(BaseModel):
    party: list[str] = Field(
        [], description="Party slug or alias; several for OR.", examples=[["stalin"]]
    )
    issue: list[str] = Field(
        [], description="Issue slug or alias, with its sub-issues.", examples=[["dairen"]]
    )
    stance: list[Stance] = Field([], description="Stance.", examples=[["propose"]])
    source_page: list[int] = Field([], description="Printed page.", examples=[[913]])

    @field_validator("party", "issue", "stance", "source_page", mode="before")
    @classmethod
    def _blank_is_no_filter(cls, value: list[str] | str) -> list[str]:
        """Comma-separated or repeated, as in the API; a blank value chooses nothing."""
        values = [value] if isinstance(value, str) else value
        return [part.strip() for item in values for part in str(item).split(",") if part.strip()]

    def query(self) -> dict[str, list[str]]:
        """The selection as a query (only what is chosen), for links to this view."""
        chosen = {
            "party": self.party,
            "issue": self.issue,
            "stance": [stance.value for stance in self.stance],
            "source_page": [str(page) for page in self.source_page],
        }
        return {name: values for name, values in chosen.items() if values}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool


def _selection(params: ReaderParams, lookups: Lookups, document: Document) -> PositionFilter:
    assert document.id is not None  # a row read from its table has its key
    api_params = PositionParams.model_validate(params.query())
    return position_filter(lookups, api_params).within(document_ids=frozenset({document.id}))


def _issue_options(
    positions: list[PositionPublic], lookups: Lookups, chosen: list[str]
) -> list[Option]:
    """The issues the document's positions are on, with their parents, in issue order;
    sub-issues indented by a dash per level (an option holds text only)."""
    ids: set[int] = set()
    for position in positions:
        issue_id: int | None = lookups.issue_ids[position.issue.slug]
        while issue_id is not None and issue_id not in ids:
            ids.add(issue_id)
            issue_id = lookups.issue_parents[issue_id]
    options = []
    for issue_id in sorted(ids):
        depth, parent = 0, lookups.issue_parents[issue_id]
        while parent is not None:
            depth, parent = depth + 1, lookups.issue_parents[parent]
        slug, name = lookups.issue_refs[issue_id]
        options.append(Option(slug, "– " * depth + name, slug in chosen))
    return options


def _markers(
    cards: dict[str, Card], context: dict[str, ContextSentence], document: Document
) -> text.Markers:
    def open_mark(span: text.Span, first: bool) -> Markup:
        if span.key in context:
            reason = escape(context[span.key].reason)
            ident = Markup(f' id="{span.key}"') if first else Markup("")
            return Markup(f'<span class="ctx"{ident} title="Context: {reason}">')
        shown = cards[span.key]
        look, position = shown.party, shown.position
        if not first:
            return Markup(
                f'<mark class="hl hl-cont p-{look.slug}" data-position-id="{position.id}">'
            )
        opening = Markup(
            f'<mark class="hl p-{look.slug}" id="pos-{position.id}" '
            f'data-position-id="{position.id}">'
        )
        label = escape(
            f"{look.name}: {position.stance.value}, on {position.issue.name} ({position.id})"
        )
        # The visible initials start the accessible name, as WCAG 2.5.3 asks.
        return opening + Markup(
            f'<a class="badge" href="#card-{position.id}" title="{label}">'
            f'{escape(look.initials)}<span class="vh"> {label}</span></a>'
        )

    def close_mark(span: text.Span) -> Markup:
        return Markup("</span>" if span.key in context else "</mark>")

    def page_mark(page: int) -> Markup:
        url = escape(present.printed_page_url(document.url, page))
        return Markup(
            f'<a class="page-mark" id="page-{page}" href="{url}" '
            f'title="Printed page {page} on history.state.gov">[Page {page}]</a> '
        )

    return text.Markers(open=open_mark, close=close_mark, page=page_mark)


def reader_view(
    *,
    session: Session,
    urls: present.Urls,
    lookups: Lookups,
    document: Document,
    params: ReaderParams,
) -> dict[str, Any]:
    """Everything the reader's template shows."""
    selection = _selection(params, lookups, document)
    everything = PositionFilter(document_ids=selection.document_ids)
    rows, _ = queries.positions(session=session, filters=everything, dataset=lookups.version)
    every_position = [present.position(row, urls, lookups) for row in rows]
    chosen, _ = queries.positions(session=session, filters=selection, dataset=lookups.version)
    chosen_ids = {row.id for row in chosen}
    shown = [position for position in every_position if position.id in chosen_ids]
    looks = party_looks(queries.parties(session=session)[0])
    answered = answers(every_position)
    cards = {
        position.id: card(
            position,
            looks,
            answered_by=answered.get(position.id, []),
            document_citation=document.citation,
        )
        for position in shown
    }
    assert document.id is not None
    context_rows, _ = queries.context_sentences(
        session=session, document_ids=frozenset({document.id})
    )
    context = {f"context-{row.number}": row for row in context_rows}
    spans = [text.Span(p.span.start, p.span.end, p.id) for p in shown] + [
        text.Span(row.span_start, row.span_end, key) for key, row in context.items()
    ]
    blocks = text.blocks(
        document.text,
        paragraphs=[(p["number"], p["start"], p["end"]) for p in document.paragraphs],
        spans=spans,
        page_breaks=[(b["page"], b["offset"]) for b in document.page_breaks],
        markers=_markers(cards, context, document),
    )
    holders = list(dict.fromkeys(position.party.slug for position in every_position))
    query = params.query()
    return {
        "document": document,
        "blocks": blocks,
        "cards": list(cards.values()),
        "shown_ids": chosen_ids,
        "total": len(every_position),
        "legend": _legend(holders, looks, shown),
        "party_options": [Option(s, looks[s].name, s in params.party) for s in holders],
        "issue_options": _issue_options(every_position, lookups, params.issue),
        "stance_options": [
            Option(s, s, s in query.get("stance", []))
            for s in dict.fromkeys(p.stance.value for p in every_position)
        ],
        "page_options": [
            Option(str(n), f"p. {n}", str(n) in query.get("source_page", []))
            for n in range(document.first_page, document.last_page + 1)
        ],
        "filtered": bool(query),
        "json_url": f"{urls.document(document.slug)}/positions?"
        + urlencode({**{k: ",".join(v) for k, v in query.items()}, "per_page": 100}),
        "context_count": len(context),
    }


def _legend(
    holders: list[str], looks: dict[str, PartyLook], shown: list[PositionPublic]
) -> list[tuple[PartyLook, int]]:
    """Each party holding positions in the document, with how many are shown."""
    counts = {slug: 0 for slug in holders}
    for position in shown:
        counts[position.party.slug] += 1
    return [(looks[slug], count) for slug, count in counts.items()]
