"""Public (response) models: what the API promises. From the first release (2026.12.0) on,
keys are only ever added.

Built from table rows by `app/api/present.py`, which adds the absolute URLs.
"""

import datetime
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.licensing import License
from app.vocabulary import (
    AliasKind,
    AttributionBasis,
    Basis,
    Evidence,
    IssueStatus,
    Mode,
    PartyKind,
    Relation,
    Salience,
    SourceStatus,
    Stance,
    vocabulary_field,
)


class Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PartyRef(Public):
    """A party, as a link."""

    slug: str = Field(description="The party's slug (fixed).", examples=["stalin"])
    name: str = Field(
        description="Conventional English form (editorial).", examples=["Joseph Stalin"]
    )
    url: str = Field(description="Absolute URL of the party.")


class IssueRef(Public):
    """An issue, as a link."""

    slug: str = Field(description="The issue's slug (fixed).", examples=["port-arthur"])
    name: str = Field(
        description="Editorial: a short name for the issue.", examples=["Port Arthur"]
    )
    url: str = Field(description="Absolute URL of the issue.")


class TextSpan(Public):
    """Character offsets in the document's clean text: 0-based code points, end excluded."""

    start: int = Field(description="Offset of the first character.")
    end: int = Field(description="Offset just after the last character.")


class AttributionLink(Public):
    """One link in the chain by which a position reached the record."""

    party: str = Field(description="Slug of the party who passed it on.")
    to: list[str] = Field(description="Slugs of the parties it was passed to.")
    verb: str | None = Field(description="The text's word for it (`told`, `said`), if any.")
    basis: AttributionBasis = vocabulary_field(AttributionBasis, "How the link is known:")


class ScalePoint(Public):
    """Where a position lies on its issue's scale, and the text's words that place it there."""

    point: int = Field(description="Point on the issue's scale (0 = the Soviet-side demand).")
    label: str = Field(description="Editorial: the point's label on the issue's scale.")
    words: str = Field(description="Verbatim words of the position's sentence that place it.")


class SalienceSignal(Public):
    """Editorial: how much the issue matters to the party, where the text's words signal it."""

    level: Salience = vocabulary_field(Salience, "Editorial judgement:")
    words: str = Field(description="The verbatim words of the position's sentence that signal it.")
    basis: Literal["editorial"] = Field(
        "editorial", description="Always `editorial`: a reading of the words, not the text's own."
    )


class Certainty(Public):
    """How firmly the telegram gives a position, in two independent parts (editorial reading;
    definitions in GET /codebook and seed/README.md)."""

    evidence: Evidence = vocabulary_field(Evidence, "How the telegram attributes it to the party:")
    mode: Mode = vocabulary_field(Mode, "How the party holds it, as the text gives it:")
    mode_words: str | None = Field(
        description="The verbatim words of the sentence that give a mode other than "
        "`asserted`; null for `asserted`.",
        examples=["is fearful"],
    )


class Sentence(Public):
    """The sentence(s) of the document's clean text that hold the quote."""

    text: str = Field(description="Verbatim from the clean text.")
    span: TextSpan


class PositionPublic(Public):
    """A stance a party takes on an issue, with the exact words that support it."""

    id: str = Field(
        description="The position's id: the document's number and a serial (fixed).",
        examples=["d644-019"],
    )
    document: str = Field(description="Slug of the source document.", examples=["frus1945v07-d644"])
    party: PartyRef = Field(description="The party holding the position.")
    issue: IssueRef = Field(description="The issue it is on.")
    stance: Stance = vocabulary_field(Stance, "Editorial classification:")
    verb: str | None = Field(description="The word(s) of the text carrying the stance.")
    summary: str = Field(
        description="Editorial: the annotator's one-sentence paraphrase; the quote is the evidence."
    )
    quote: str = Field(description="Verbatim from the document's clean text.")
    span: TextSpan = Field(description="Where the quote lies in the document's clean text.")
    sentence: Sentence = Field(description="The sentence(s) the quote lies in.")
    prefix: str = Field(description="Up to 32 characters of the clean text before the quote.")
    suffix: str = Field(description="Up to 32 characters of the clean text after the quote.")
    pages: list[int] = Field(description="Printed FRUS pages the quote lies on.")
    document_url: str = Field(
        description="The source document on history.state.gov (the FRUS reading room).",
        examples=["https://history.state.gov/historicaldocuments/frus1945v07/d644"],
    )
    page_urls: list[str] = Field(
        description="The printed page(s) the quote lies on, on history.state.gov.",
        examples=[["https://history.state.gov/historicaldocuments/frus1945v07/pg_913"]],
    )
    paragraph: int = Field(description="Body paragraph number (1 = the telegram's first).")
    attribution: list[AttributionLink] = Field(
        description="Reporting chain, innermost first; the telegram itself is the last link."
    )
    addressee: PartyRef | None = Field(description="To whom the position was put, where stated.")
    certainty: Certainty = Field(description="How firmly the telegram gives the position.")
    responds_to: list[str] = Field(
        description="Ids of the positions this one answers, in id order (empty if none).",
        examples=[["d644-030", "d644-031"]],
    )
    editorial_note: str | None = Field(description="Annotator's note: editorial, not the text.")
    url: str = Field(description="Absolute URL of this position.")
    scale_point: ScalePoint | None = Field(
        default=None,
        description="The position's point on its issue's scale, with the words that place it; "
        "null where the text does not place it (or the issue has no scale).",
    )
    salience: SalienceSignal | None = Field(
        default=None,
        description="Editorial: the issue's salience for the party, with the signalling words; "
        "null where the text gives no signal.",
    )


class FacetValue(BaseModel):
    """One value of a facet: how many of the filtered positions have it."""

    value: str | int = Field(
        description="The value as a filter takes it: a slug, a vocabulary word or a page.",
        examples=["stalin"],
    )
    label: str = Field(description="What to show for it.", examples=["Joseph Stalin"])
    count: int = Field(description="Matching positions with this value.", examples=[20])
    url: str = Field(
        description="The same list with this value applied as a filter, from its first page."
    )


class PositionFacets(BaseModel):
    """The facets of a filtered set of positions, without the positions."""

    total: int = Field(description="Exact number of matching positions.", examples=[40])
    facets: dict[str, list[FacetValue]] = Field(
        description="Facet name → its values, most frequent first; issue counts include "
        "their sub-issues'. A position on two printed pages counts on both."
    )
    positions_url: str = Field(description="The matching positions themselves (GET /positions).")


class AliasPublic(Public):
    """Another name for a party or an issue; its slug redirects to the canonical one."""

    slug: str = Field(description="The alias as a slug (fixed).")
    text: str = Field(description="The name as written.")
    kind: AliasKind = vocabulary_field(AliasKind, "Where the name comes from:")
    romanisation: str | None = Field(
        default=None, description="The romanisation system of a Chinese name, e.g. `pinyin`."
    )
    source: str | None = Field(default=None, description="Source of an editorial alias.")


class PartyPublic(Public):
    """Who holds, receives or reports positions."""

    slug: str = Field(description="The party's slug (fixed).", examples=["stalin"])
    name: str = Field(description="Conventional English form (editorial).")
    name_in_text: str | None = Field(description="The form the telegram uses.")
    kind: PartyKind = vocabulary_field(PartyKind, "What sort of actor it is:")
    affiliation: PartyRef | None = Field(description="The party it acts for.")
    role: str | None = Field(description="Its title or office, as the text or a source gives it.")
    role_basis: Basis | None = vocabulary_field(Basis, "Where the role comes from:")
    role_source: str | None = Field(description="The source of an editorial role.")
    aliases: list[AliasPublic] = Field(description="Other names it is found by.")
    url: str = Field(description="Absolute URL of the party.")
    positions_url: str = Field(description="The party's positions.")
    wikidata_id: str | None = Field(
        default=None,
        description="Editorial: the Wikidata item of a person or a state, where a cited source "
        "confirms it; null otherwise (never guessed).",
        examples=["Q855"],
    )
    wikidata_url: str | None = Field(default=None, description="The Wikidata item's page.")
    wikidata_source: str | None = Field(
        default=None, description="Where the Wikidata id was confirmed, and how far."
    )
    colour: str | None = Field(
        default=None,
        description="Editorial: the colour the reader draws the party in, `#rrggbb`, with at "
        "least 4.5:1 contrast against white; null where none is set.",
        examples=["#b3261e"],
    )


class ScaleStep(Public):
    """A labelled point of an issue's scale."""

    point: int = Field(description="0 = the Soviet-side demand; the highest, the Chinese-side one.")
    label: str = Field(description="Editorial: what the point stands for.")


class ReferencePoint(Public):
    """Editorial: the clause of the Yalta Agreement (11 February 1945) the issue turns on."""

    point: int | None = Field(
        description="Its point on the scale; null where the clause is the wording the parties "
        "interpret."
    )
    label: str | None = Field(description="The label of that point.")
    quote: str = Field(description="The clause's words, briefly.")
    source: str = Field(description="Where the clause was read, and how far it was checked.")
    note: str | None = Field(description="Editorial remark.")
    basis: Literal["editorial"] = Field("editorial", description="Always `editorial`.")


class OutcomePoint(Public):
    """Editorial: what the agreements of 14 August 1945 settled, as a point on the scale."""

    point: int = Field(description="The outcome's point on the issue's scale.")
    label: str = Field(description="The label of that point.")
    source: str = Field(
        description="The source the outcome was read in (as `editorial_outcome_source`)."
    )
    basis: Literal["editorial"] = Field("editorial", description="Always `editorial`.")


class IssueScalePublic(Public):
    """A bargaining issue's ordinal scale, and the reference point and outcome on it."""

    points: list[ScaleStep] = Field(
        description="From the Soviet-side demand (0) to the Chinese-side one."
    )
    note: str | None = Field(description="Editorial: what the ordering rests on.")
    reference_point: ReferencePoint | None = Field(
        description="The Yalta clause the issue turns on, where one does."
    )
    outcome_point: OutcomePoint | None = Field(
        description="The outcome of 14 August 1945 on the scale, where a source gives it."
    )


class IssuePublic(Public):
    """What was negotiated; issues nest."""

    slug: str = Field(description="The issue's slug (fixed).", examples=["port-arthur"])
    name: str = Field(description="Editorial: a short name for the issue.")
    parent: str | None = Field(description="Slug of the parent issue, or null.")
    children: list[str] = Field(description="Slugs of the sub-issues.")
    description: str = Field(description="Editorial: what the issue covers.")
    status: IssueStatus = vocabulary_field(
        IssueStatus, "Editorial: where the issue stood in this document:"
    )
    status_note: str = Field(description="Editorial: why, quoting the text where it can.")
    editorial_outcome: str | None = Field(
        description="Editorial: what the agreements of 14 August 1945 settled."
    )
    editorial_outcome_source: str | None = Field(
        description="The source the outcome was read in, and how far it was checked."
    )
    aliases: list[AliasPublic] = Field(description="Other names it is found by.")
    url: str = Field(description="Absolute URL of the issue.")
    positions_url: str = Field(description="Positions on the issue and its sub-issues.")
    scale: IssueScalePublic | None = Field(
        default=None,
        description="Editorial: the issue's ordinal scale, its reference point and its outcome; "
        "null for an issue that is no bargaining dimension in the text (and for parents).",
    )


class IssueDetail(IssuePublic):
    """What was negotiated, with its sub-issues and the parties on it (a list's items are
    the same without `sub_issues`, `parties` and `comparison_url`)."""

    sub_issues: list[IssueRef] = Field(description="The sub-issues, as links.")
    parties: list[PartyRef] = Field(
        description="Parties holding positions on the issue or its sub-issues, in order of appearance."
    )
    comparison_url: str = Field(description="The parties on the issue, side by side.")


class PageBreak(Public):
    """Where a printed page begins."""

    page: int = Field(description="The printed FRUS page.")
    offset: int = Field(description="Offset in the clean text where the printed page begins.")


class ParagraphSpan(Public):
    """A body paragraph of the clean text."""

    number: int = Field(description="1 = the telegram's first body paragraph.")
    start: int = Field(description="Offset of its first character.")
    end: int = Field(description="Offset just after its last character.")


class SourceEvidence(Public):
    """Editorial: words read in another source, and what they show."""

    source: str = Field(description="Key of the source.", examples=["frus-doc-643"])
    citation: str = Field(description="Where the words were read, and how far they were checked.")
    quote: str = Field(description="The source's words, verbatim.")
    shows: str = Field(description="Editorial: what the words show.")


class PresentAtMeeting(Public):
    """Someone present at the meeting: a party of the dataset, or a name a source gives."""

    party: str | None = Field(description="Party slug, where the person is one of the parties.")
    party_url: str | None = Field(description="Absolute URL of that party.")
    name: str | None = Field(description="The name the source gives, for someone not a party.")
    role: str | None = Field(description="The office the source gives.")
    source: str = Field(description="Key of the source that places the person there.")
    citation: str = Field(description="Where that was read, and how far it was checked.")
    note: str | None = Field(description="Editorial remark.")


class Meeting(Public):
    """Editorial: the meeting the document reports, who was present, and the evidence."""

    description: str = Field(description="Editorial: what the meeting was.")
    date: datetime.date = Field(description="The day of the meeting, as the sources give it.")
    time: str | None = Field(description="The hours a source gives, as written there.")
    place: str | None = Field(description="Where it was held, as a source gives it.")
    present: list[PresentAtMeeting] = Field(description="Those present, as the sources name them.")
    evidence: list[SourceEvidence] = Field(
        description="The sources' words for date and attendance."
    )
    note: str | None = Field(description="Editorial remark: what was not found.")
    basis: Literal["editorial"] = Field("editorial", description="Always `editorial`.")


class RelatedDocument(Public):
    """Editorial: another document of the same negotiation, as a reference (not its text)."""

    id: str = Field(
        description="A slug: FRUS documents as `frus<volume>-d<number>`.",
        examples=["frus1945v07-d648"],
    )
    title: str = Field(description="The printed heading, or the instrument's title.")
    date: datetime.date | None = Field(  # `datetime.`: the field shadows the type
        description="Null where no source seen gives it (see `date_note`)."
    )
    date_source: str | None = Field(description="Key of the source of the date.")
    date_citation: str | None = Field(description="Where the date was read.")
    date_note: str | None = Field(
        description="Editorial: what the date rests on, or why it is null."
    )
    relation: Relation = vocabulary_field(Relation, "What the related document is to this one:")
    summary: str = Field(description="Editorial: one line; its own words in single quotes.")
    url: str = Field(description="Where it can be read.")
    source: str = Field(description="Key of the source it was read in.")
    citation: str = Field(description="That source, and how far it was checked.")
    source_status: SourceStatus = vocabulary_field(SourceStatus, "How far its wording was seen:")
    basis: Literal["editorial"] = Field("editorial", description="Always `editorial`.")


class UnnamedPerson(Public):
    """Editorial: someone the text refers to without naming, identified only with a source."""

    words: str = Field(description="The text's words for the person.", examples=["his son"])
    span: TextSpan = Field(description="Where the words lie in the clean text.")
    position: str | None = Field(description="Id of the position the words are in.")
    position_url: str | None = Field(description="Absolute URL of that position.")
    identified_as: str | None = Field(description="Who it is; null where no source says.")
    source: str | None = Field(description="Key of the source that identifies the person.")
    citation: str | None = Field(description="That source, and how far it was checked.")
    note: str = Field(description="Editorial: the identification, or the sources searched.")
    basis: Literal["editorial"] = Field("editorial", description="Always `editorial`.")


class ContextSentencePublic(Public):
    """A body sentence that carries no position, and why: with the positions' quotes, these
    account for every sentence of the document."""

    document: str = Field(description="Slug of the document.", examples=["frus1945v07-d644"])
    number: int = Field(description="1, 2, … in document order.")
    sentence: str = Field(description="Verbatim from the document's clean text.")
    span: TextSpan = Field(description="Where the sentence lies in the clean text.")
    pages: list[int] = Field(description="Printed FRUS pages the sentence lies on.")
    paragraph: int = Field(description="Body paragraph number (1 = the telegram's first).")
    reason: str = Field(description="Editorial: why the sentence is context, not a position.")
    issues: list[IssueRef] = Field(description="The issues it bears on (it may set their status).")


class DocumentSummary(Public):
    """A source document's metadata and editorial apparatus, without its text."""

    slug: str = Field(description="The document's slug (fixed).", examples=["frus1945v07-d644"])
    title: str = Field(
        description="Editorial: a descriptive title (the printed heading is `heading`)."
    )
    kind: str = Field(description="What sort of document it is.", examples=["telegram"])
    heading: str = Field(description="The printed heading, verbatim.")
    source_note: str = Field(description="The printed source note (file and form), verbatim.")
    sender: str = Field(description="Party slug of the sender.")
    recipients: list[str] = Field(description="Party slugs of the recipients.")
    series: str = Field(description="The series it is printed in.")
    volume: str = Field(description="The volume of the series.")
    number: int = Field(description="Its document number in the volume.")
    first_page: int = Field(description="The printed page it begins on.")
    last_page: int = Field(description="The printed page it ends on.")
    citation: str = Field(
        description="Editorial: a suggested citation, including the editorial date."
    )
    source_url: str = Field(description="The document on history.state.gov.")
    frus_id: str | None = Field(
        default=None,
        description="The Office of the Historian's id of the document (volume and document), "
        "as in `source_url`; null for a document outside FRUS.",
        examples=["frus1945v07-d644"],
    )
    editorial_date: date | None = Field(
        description="Editorial: the date of the document, where the sources give it."
    )
    editorial_date_source: str | None = Field(description="What the editorial date rests on.")
    received_sha256: str = Field(
        description="SHA-256 of the received text as kept in `seed/sources/`."
    )
    url: str = Field(description="Absolute URL of the document.")
    positions_url: str = Field(description="The document's positions.")
    annotations_url: str = Field(description="The positions as W3C Web Annotations.")
    editorial_date_evidence: list[SourceEvidence] = Field(
        description="Editorial: what each source shows about `editorial_date`, in its words."
    )
    meeting: Meeting | None = Field(description="Editorial: the meeting the document reports.")
    related_documents: list[RelatedDocument] = Field(
        description="Editorial: other documents of the same negotiation: FRUS "
        "documents by number, then the instruments of 14 August 1945."
    )
    unnamed_persons: list[UnnamedPerson] = Field(
        description="Editorial: people the text refers to without naming them."
    )
    context_count: int = Field(description="How many body sentences are context (no position).")
    context_url: str = Field(description="The list of those sentences.")


class DocumentPublic(DocumentSummary):
    """A source document: metadata, editorial apparatus, and its clean text (a list's items
    are the same without `text`, `page_breaks` and `paragraphs`)."""

    text: str = Field(description="The clean text: the received text without page markers.")
    page_breaks: list[PageBreak] = Field(description="Where each printed page begins.")
    paragraphs: list[ParagraphSpan] = Field(description="The body paragraphs, in order.")


def _absent_if_none(value: object) -> bool:
    return value is None


class PartyPositions(BaseModel):
    party: PartyRef
    positions: list[PositionPublic] = Field(
        description="The party's first positions on the issue, in document order (capped)."
    )
    total: int | None = Field(
        default=None,
        exclude_if=_absent_if_none,
        description="Only when `positions` is capped: how many positions the party holds "
        "on the issue and its sub-issues.",
    )
    positions_url: str | None = Field(
        default=None,
        exclude_if=_absent_if_none,
        description="Only when `positions` is capped: the paged list of them all.",
    )


class ComparisonPoint(BaseModel):
    position: str = Field(description="Id of the position.")
    point: int | None = Field(description="Its point on the scale, or null.")
    salience: Salience | None = vocabulary_field(Salience, "Editorial: its salience, or null:")


class ComparisonRow(BaseModel):
    issue: IssueRef
    positions: dict[str, list[str]] = Field(
        description="Party slug → ids of its positions (those shown under `parties`)."
    )
    scale: IssueScalePublic | None = Field(
        default=None,
        description="The sub-issue's scale, reference point and outcome, or null if it has none.",
    )
    points: dict[str, list[ComparisonPoint]] | None = Field(
        default=None,
        description="Only with a scale: party slug → the points of its positions, in the order "
        "of `positions`, as a DEU-style table of actors on one dimension.",
    )


class Comparison(BaseModel):
    """An issue's positions grouped by party, and a grid of sub-issue × party."""

    issue: IssueRef = Field(description="The issue compared.")
    parties: list[PartyPositions] = Field(
        description="Each party's positions on the issue and its sub-issues, in order of "
        "first appearance."
    )
    grid: list[ComparisonRow] = Field(
        description="One row per issue or sub-issue with positions, in order of first appearance."
    )


class Counts(BaseModel):
    """Rows per collection."""

    documents: int
    parties: int
    issues: int
    positions: int


class Health(BaseModel):
    status: str = Field(description="`ok` when the database is reachable and a dataset is loaded.")
    dataset_version: str = Field(description="SHA-256 over the source and annotation files.")
    counts: Counts


class ProblemKind(BaseModel):
    type: str = Field(description="The `type` URI that problem documents of this kind carry.")
    status: int = Field(description="The HTTP status this kind of problem is answered with.")
    description: str


class ServiceIndex(BaseModel):
    name: str
    version: str
    dataset_version: str | None = Field(description="SHA-256 over the source and annotation files.")
    counts: Counts
    links: dict[str, str] = Field(description="Absolute URLs of every collection and the docs.")
    licenses: list[License] = Field(
        description="What may be done with the code, the annotations and the source text."
    )
