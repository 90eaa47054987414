"""The codebook as served: every controlled vocabulary with the definitions of app/vocabulary.py
and an example of each value from the data (app/examples.py), each issue's scale, and every
field of every resource (app/fields.py). Nothing here defines a term: it only gathers them."""

import functools
from collections.abc import Callable
from typing import Any, NamedTuple

from pydantic import BaseModel
from sqlmodel import Session, col

from app import examples, queries
from app.api.present import Urls
from app.codebook_schemas import (
    Codebook,
    CodebookExample,
    CodebookResource,
    CodebookScale,
    CodebookScalePoint,
    CodebookTerm,
    CodebookVocabulary,
)
from app.fields import fields_of
from app.models import Issue, Party, Position
from app.schemas import (
    Comparison,
    ContextSentencePublic,
    DocumentPublic,
    IssueDetail,
    IssueRef,
    PartyPublic,
    PositionPublic,
)
from app.vocabulary import VOCABULARIES, AttributionBasis, Listed

# (name, path, response model): the resources whose fields the codebook lists.
RESOURCES: tuple[tuple[str, str, type[BaseModel]], ...] = (
    ("document", "/documents/{slug}", DocumentPublic),
    ("party", "/parties/{slug}", PartyPublic),
    ("issue", "/issues/{slug}", IssueDetail),
    ("position", "/positions/{position_id}", PositionPublic),
    ("context-sentence", "/documents/{slug}/context", ContextSentencePublic),
    ("comparison", "/issues/{slug}/comparison", Comparison),
)


class NoDataset(Exception):
    """No dataset is loaded: there are no examples to give."""


class _Use(NamedTuple):
    resource: str
    id: str
    field: str
    words: str | None


_Uses = dict[str, _Use]


class _Data(NamedTuple):
    session: Session
    issues: list[Issue]
    parties: list[Party]


def _by_position_column(column: Any, field: str, words: Callable[[Any], str | None]) -> Any:
    def find(data: _Data) -> _Uses:
        rows = examples.first_positions(session=data.session, by=(col(column),))
        return {row.by_0: _Use("position", row.id, field, words(row)) for row in rows}

    return find


def _modes(data: _Data) -> _Uses:
    rows = examples.first_positions(session=data.session, by=(col(Position.mode),))
    return {
        row.by_0: _Use("position", row.id, "certainty.mode_words", row.mode_words)
        if row.mode_words
        else _Use("position", row.id, "quote", row.quote)
        for row in rows
    }


def _attribution_bases(data: _Data) -> _Uses:
    found: _Uses = {}
    for row in examples.positions_with_attribution(session=data.session):
        for link in row.attribution[:-1]:  # the last link is the telegram's own
            found.setdefault(link["basis"], _Use("position", row.id, "sentence.text", row.sentence))
        if len(found) == len(AttributionBasis):
            break
    return found


def _issue_statuses(data: _Data) -> _Uses:
    found: _Uses = {}
    for issue in data.issues:
        found.setdefault(issue.status, _Use("issue", issue.slug, "status_note", issue.status_note))
    return found


def _party_kinds(data: _Data) -> _Uses:
    found: _Uses = {}
    for party in data.parties:
        words, field = (
            (party.name_in_text, "name_in_text") if party.name_in_text else (party.name, "name")
        )
        found.setdefault(party.kind, _Use("party", party.slug, field, words))
    return found


def _role_bases(data: _Data) -> _Uses:
    found: _Uses = {}
    for party in data.parties:
        if party.role_basis is not None:
            found.setdefault(party.role_basis, _Use("party", party.slug, "role", party.role))
    return found


def _alias_kinds(data: _Data) -> _Uses:
    found: _Uses = {}
    seen: dict[str, int] = {}
    for slug, kind, text in examples.party_aliases(session=data.session):
        index = seen[slug] = seen.get(slug, -1) + 1
        found.setdefault(kind, _Use("party", slug, f"aliases[{index}].text", text))
    return found


def _related(key: str, shown: str) -> Callable[[_Data], _Uses]:
    def find(data: _Data) -> _Uses:
        found: _Uses = {}
        for slug, related in examples.related_documents(session=data.session):
            for index, item in enumerate(related):
                field = f"related_documents[{index}].{shown}"
                found.setdefault(item[key], _Use("document", slug, field, item.get(shown)))
        return found

    return find


# How each vocabulary's examples are found: the rule as served, the code that applies it,
# and what the codebook says of a value the data does not use.
EXAMPLES: dict[str, tuple[str, Callable[[_Data], _Uses], str]] = {
    "stance": (
        "The first position in document order with this stance; its quote.",
        _by_position_column(Position.stance, "quote", lambda row: row.quote),
        "No position in the dataset has this stance.",
    ),
    "evidence": (
        "The first position in document order with this evidence; its sentence, which names "
        "the party, an intermediary or no one.",
        _by_position_column(Position.evidence, "sentence.text", lambda row: row.sentence),
        "No position in the dataset has this evidence.",
    ),
    "mode": (
        "The first position in document order with this mode; the words that give the mode, "
        "or for `asserted` the quote.",
        _modes,
        "No position in the dataset has this mode.",
    ),
    "salience": (
        "The first position in document order with this salience; the words that signal it.",
        _by_position_column(Position.salience, "salience.words", lambda row: row.salience_words),
        "No position in the dataset has this salience.",
    ),
    "issue-status": (
        "The first issue in the telegram's order with this status; its status note.",
        _issue_statuses,
        "No issue in the dataset has this status.",
    ),
    "attribution-basis": (
        "The first position in document order with a link of this basis before the "
        "telegram's own (the last link); its sentence.",
        _attribution_bases,
        "No position in the dataset has a link of this basis.",
    ),
    "relation": (
        "The first related document with this relation, in document order; its summary.",
        _related("relation", "summary"),
        "No related document in the dataset has this relation.",
    ),
    "source-status": (
        "The first related document with this source status, in document order; its citation.",
        _related("source_status", "citation"),
        "No related document in the dataset has this source status.",
    ),
    "alias-kind": (
        "The first party alias of this kind, in party order; its text.",
        _alias_kinds,
        "No party alias in the dataset is of this kind.",
    ),
    "party-kind": (
        "The first party of this kind, in list order; its name in the text (or its name).",
        _party_kinds,
        "No party in the dataset is of this kind.",
    ),
    "role-basis": (
        "The first party whose role has this basis, in list order; its role.",
        _role_bases,
        "No party's role in the dataset has this basis.",
    ),
}


def codebook(*, session: Session, urls: Urls) -> Codebook:
    """The codebook of the loaded dataset; NoDataset if none is loaded."""
    version = queries.dataset_version(session=session)
    if version is None:
        raise NoDataset
    data = _Data(session, examples.issues(session=session), examples.parties(session=session))
    return Codebook(
        dataset_version=version,
        vocabularies=[_vocabulary(listed, data, urls) for listed in VOCABULARIES],
        scales=_scales(data, urls),
        resources=_resources(),
    )


def _example(use: _Use | None, urls: Urls) -> CodebookExample | None:
    if use is None:
        return None
    links = {"position": urls.position, "issue": urls.issue, "party": urls.party}
    url = links.get(use.resource, urls.document)(use.id)
    return CodebookExample(
        resource=use.resource, id=use.id, url=url, field=use.field, words=use.words
    )


def _vocabulary(listed: Listed, data: _Data, urls: Urls) -> CodebookVocabulary:
    rule, find, none = EXAMPLES[listed.name]
    uses = find(data)
    title = listed.name.replace("-", " ").capitalize()
    return CodebookVocabulary(
        name=listed.name,
        title=title,
        description=" ".join((listed.vocabulary.__doc__ or "").split()),
        used_in=_used_in()[listed.name],
        example_rule=rule,
        terms=[
            CodebookTerm(
                value=term.value,
                definition=term.definition,
                example=_example(uses.get(term.value), urls),
                example_note=None if term.value in uses else none,
            )
            for term in listed.vocabulary
        ],
    )


def _scales(data: _Data, urls: Urls) -> list[CodebookScale]:
    rows = examples.first_positions(
        session=data.session, by=(col(Position.issue_id), col(Position.scale_point))
    )
    first = {(row.by_0, row.by_1): row for row in rows}
    scales = []
    for issue in data.issues:
        if not issue.scale:
            continue
        points = []
        for point, label in enumerate(issue.scale):
            row = first.get((issue.id, point))
            use = row and _Use("position", row.id, "scale_point.words", row.scale_words)
            points.append(
                CodebookScalePoint(
                    point=point,
                    label=label,
                    example=_example(use, urls),
                    example_note=None
                    if row
                    else "No position in the dataset is placed at this point.",
                )
            )
        ref = IssueRef(slug=issue.slug, name=issue.name, url=urls.issue(issue.slug))
        scales.append(CodebookScale(issue=ref, note=issue.scale_note, points=points))
    return scales


@functools.cache
def _resources() -> list[CodebookResource]:
    """The resources' fields depend on the code alone: read once."""
    names = {model: name for name, _, model in RESOURCES}
    return [
        CodebookResource(
            name=name,
            path=path,
            description=" ".join((model.__doc__ or "").split()),
            fields=fields_of(model, {m: n for m, n in names.items() if m is not model}),
        )
        for name, path, model in RESOURCES
    ]


@functools.cache
def _used_in() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {listed.name: [] for listed in VOCABULARIES}
    for resource in _resources():
        for entry in resource.fields:
            if entry.vocabulary is not None:
                used[entry.vocabulary].append(f"{resource.name}.{entry.name}")
    return used
