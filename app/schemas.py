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
    """A party as a link: its slug, name and URL."""

    slug: str = Field(
        description="The party's slug (fixed: safe to hard-code).", examples=["stalin"]
    )
    name: str = Field(
        description="Conventional English name (editorial).", examples=["Joseph Stalin"]
    )
    url: str = Field(
        description="Absolute URL of the party.", examples=["http://127.0.0.1:8000/parties/stalin"]
    )


class IssueRef(Public):
    """An issue as a link: its slug, name and URL."""

    slug: str = Field(
        description="The issue's slug (fixed: safe to hard-code).", examples=["port-arthur"]
    )
    name: str = Field(
        description="Editorial: a short name for the issue.", examples=["Port Arthur"]
    )
    url: str = Field(
        description="Absolute URL of the issue.",
        examples=["http://127.0.0.1:8000/issues/port-arthur"],
    )


class TextSpan(Public):
    """Character offsets in the document's clean text: 0-based code points, end excluded."""

    start: int = Field(description="Offset of the first character.", examples=[153])
    end: int = Field(description="Offset just after the last character.", examples=[306])


class AttributionLink(Public):
    """One link in the chain by which a position reached the record."""

    party: str = Field(description="Slug of the party who passed it on.", examples=["soong"])
    to: list[str] = Field(
        description="Slugs of the parties it was passed to.", examples=[["harriman"]]
    )
    verb: str | None = Field(
        description="The text's word for it (`told`, `said`), if any.", examples=["said"]
    )
    basis: AttributionBasis = vocabulary_field(AttributionBasis, "How the link is known:")


class ScalePoint(Public):
    """Where a position lies on its issue's scale, and the text's words that place it there."""

    point: int = Field(
        description="Point on the issue's scale (0 = the Soviet-side demand).", examples=[1]
    )
    label: str = Field(
        description="Editorial: the point's label on the issue's scale.",
        examples=["naval facilities for both countries"],
    )
    words: str = Field(
        description="Verbatim words of the position's sentence that place it.",
        examples=["both countries could have naval facilities"],
    )


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

    text: str = Field(
        description="Verbatim from the clean text.",
        examples=[
            "With reference to Port Arthur, Stalin agreed to eliminate the word “lease” and work "
            "for some basis by which both countries could have naval facilities."
        ],
    )
    span: TextSpan = Field(description="Where the sentence lies in the clean text.")


class PositionPublic(Public):
    """A stance a party takes on an issue, with the exact words that support it."""

    id: str = Field(
        description="The position's id (fixed: safe to hard-code).", examples=["d644-019"]
    )
    document: str = Field(description="Slug of the source document.", examples=["frus1945v07-d644"])
    party: PartyRef = Field(description="Who holds the position.")
    issue: IssueRef = Field(description="What it is about.")
    stance: Stance = vocabulary_field(Stance, "Editorial classification:")
    verb: str | None = Field(
        description="The word(s) of the text carrying the stance.", examples=["agreed"]
    )
    summary: str = Field(
        description="Editorial: the annotator's one-sentence paraphrase; the quote is the evidence.",
        examples=[
            "Stalin agreed to work for some basis on which both countries could have naval "
            "facilities at Port Arthur."
        ],
    )
    quote: str = Field(
        description="Verbatim from the document's clean text.",
        examples=["and work for some basis by which both countries could have naval facilities"],
    )
    span: TextSpan = Field(description="Where the quote lies in the clean text.")
    sentence: Sentence = Field(description="The sentence(s) the quote lies in.")
    prefix: str = Field(
        description="Up to 32 characters of the clean text before the quote.",
        examples=["d to eliminate the word “lease” "],
    )
    suffix: str = Field(
        description="Up to 32 characters of the clean text after the quote.",
        examples=[".\n\nGeneralissimo Stalin proposed"],
    )
    pages: list[int] = Field(description="Printed FRUS pages the quote lies on.", examples=[[913]])
    document_url: str = Field(
        description="The source document on history.state.gov (the FRUS reading room).",
        examples=["https://history.state.gov/historicaldocuments/frus1945v07/d644"],
    )
    page_urls: list[str] = Field(
        description="The printed page(s) the quote lies on, on history.state.gov.",
        examples=[["https://history.state.gov/historicaldocuments/frus1945v07/pg_913"]],
    )
    paragraph: int = Field(
        description="Body paragraph number (1 = the telegram's first).", examples=[3]
    )
    attribution: list[AttributionLink] = Field(
        description="Reporting chain, innermost first; the telegram itself is the last link."
    )
    addressee: PartyRef | None = Field(description="To whom the position was put, where stated.")
    certainty: Certainty = Field(description="How firmly the telegram gives the position.")
    responds_to: list[str] = Field(
        description="Ids of the positions this one answers, in id order (empty if none).",
        examples=[["d644-030", "d644-031"]],
    )
    editorial_note: str | None = Field(
        description="Annotator's note: editorial, not the text.", examples=[None]
    )
    url: str = Field(
        description="Absolute URL of this position.",
        examples=["http://127.0.0.1:8000/positions/d644-019"],
    )
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

    slug: str = Field(description="The alias as a slug: it redirects (308).", examples=["lushun"])
    text: str = Field(description="The name as written.", examples=["Lüshun"])
    kind: AliasKind = vocabulary_field(AliasKind, "Where the name comes from:")
    romanisation: str | None = Field(
        default=None,
        description="The romanisation system of the name, if any.",
        examples=["pinyin"],
    )
    source: str | None = Field(default=None, description="Source of an editorial alias.")


class PartyPublic(Public):
    """Someone who holds, receives or reports positions: a person, a state, a government, a
    political party, an army or an office."""

    slug: str = Field(
        description="The party's slug (fixed: safe to hard-code).", examples=["soong"]
    )
    name: str = Field(
        description="Conventional English form (editorial).", examples=["T. V. Soong"]
    )
    name_in_text: str | None = Field(description="The form the telegram uses.", examples=["Soong"])
    kind: PartyKind = vocabulary_field(PartyKind, "What sort of actor it is:")
    affiliation: PartyRef | None = Field(description="The party it acts for.")
    role: str | None = Field(
        description="The office or role, as the text or a source gives it.",
        examples=["Generalissimo"],
    )
    role_basis: Basis | None = vocabulary_field(Basis, "Where the role comes from:")
    role_source: str | None = Field(
        description="Where an editorial role was read; null when the text states it."
    )
    aliases: list[AliasPublic] = Field(description="Other names; each redirects here.")
    url: str = Field(
        description="Absolute URL of the party.", examples=["http://127.0.0.1:8000/parties/soong"]
    )
    positions_url: str = Field(
        description="The party's positions.",
        examples=["http://127.0.0.1:8000/parties/soong/positions"],
    )
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
    """One point of an issue's ordinal scale."""

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
    """What was negotiated; issues nest, and an issue's positions include its sub-issues'."""

    slug: str = Field(
        description="The issue's slug (fixed: safe to hard-code).", examples=["port-arthur"]
    )
    name: str = Field(
        description="Editorial: a short name for the issue.", examples=["Port Arthur"]
    )
    parent: str | None = Field(description="Slug of the parent issue, or null.", examples=[None])
    children: list[str] = Field(
        description="Slugs of the sub-issues.",
        examples=[["port-arthur-lease", "port-arthur-naval-facilities"]],
    )
    description: str = Field(
        description="Editorial: what the issue covers.",
        examples=["Port Arthur: whether it is to be leased, and whose naval base it is to be."],
    )
    status: IssueStatus = vocabulary_field(
        IssueStatus, "Editorial: where the issue stood in this document:"
    )
    status_note: str = Field(
        description="Editorial: why, quoting the text where it can.",
        examples=['Stalin agreed to eliminate the word "lease" …'],
    )
    editorial_outcome: str | None = Field(
        description="Editorial: what the agreements of 14 August 1945 settled.",
        examples=["A naval base for the joint use of China and the USSR …"],
    )
    editorial_outcome_source: str | None = Field(
        description="Where the outcome was read, and how far it was checked."
    )
    aliases: list[AliasPublic] = Field(description="Other names; each redirects here.")
    url: str = Field(
        description="Absolute URL of the issue.",
        examples=["http://127.0.0.1:8000/issues/port-arthur"],
    )
    positions_url: str = Field(
        description="The positions on the issue and its sub-issues.",
        examples=["http://127.0.0.1:8000/issues/port-arthur/positions"],
    )
    scale: IssueScalePublic | None = Field(
        default=None,
        description="Editorial: the issue's ordinal scale, its reference point and its outcome; "
        "null for an issue that is no bargaining dimension in the text (and for parents).",
    )


class IssueDetail(IssuePublic):
    """An issue with its sub-issues and the parties that hold positions on it."""

    sub_issues: list[IssueRef] = Field(description="The sub-issues, as links.")
    parties: list[PartyRef] = Field(
        description="Parties holding positions on the issue or its sub-issues, in order of appearance."
    )
    comparison_url: str = Field(
        description="The issue's positions side by side, party by party.",
        examples=["http://127.0.0.1:8000/issues/port-arthur/comparison"],
    )


class PageBreak(Public):
    """Where a printed FRUS page begins in the clean text."""

    page: int = Field(description="The printed page number.", examples=[913])
    offset: int = Field(description="Offset in the clean text where the printed page begins.")


class ParagraphSpan(Public):
    """Where a body paragraph lies in the clean text."""

    number: int = Field(
        description="Body paragraph number (1 = the telegram's first).", examples=[1]
    )
    start: int = Field(description="Offset of its first character.", examples=[153])
    end: int = Field(description="Offset just after its last character.", examples=[548])


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
    date: datetime.date = Field(description="The day of the meeting.", examples=["1945-07-02"])
    time: str | None = Field(description="The hours a source gives, as written there.")
    place: str | None = Field(
        description="Where it was held, where a source says.", examples=["Kremlin"]
    )
    present: list[PresentAtMeeting] = Field(description="Those present, as the sources name them.")
    evidence: list[SourceEvidence] = Field(
        description="The sources' words for date and attendance."
    )
    note: str | None = Field(description="Editorial remark: what was not found.")
    basis: Literal["editorial"] = Field("editorial", description="Always `editorial`.")


class RelatedDocument(Public):
    """Editorial: another document of the same negotiation, as a reference (not its text)."""

    id: str = Field(description="The related document's id.", examples=["frus1945v07-d648"])
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
    citation: str | None = Field(description="Where the identification was read.")
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

    slug: str = Field(description="The document's slug.", examples=["frus1945v07-d644"])
    title: str = Field(
        description="Editorial: a descriptive title (the printed heading is `heading`).",
        examples=[
            "Harriman to Truman and the Secretary of State on T. V. Soong's talks with Stalin and Molotov"
        ],
    )
    kind: str = Field(description="What kind of document it is.", examples=["telegram"])
    heading: str = Field(
        description="The printed heading, verbatim.",
        examples=[
            "The Ambassador in the Soviet Union (Harriman) to President Truman and the "
            "Secretary of State"
        ],
    )
    source_note: str = Field(
        description="The printed source note (file, number, date line), verbatim.",
        examples=["Moscow Embassy Files—710 Sino-Soviet Relations: Telegram"],
    )
    sender: str = Field(description="Slug of the party who sent it.", examples=["harriman"])
    recipients: list[str] = Field(
        description="Slugs of the parties it was sent to.",
        examples=[["truman", "secretary-of-state"]],
    )
    series: str = Field(
        description="The edition it is printed in.",
        examples=[
            "Foreign Relations of the United States: Diplomatic Papers, 1945, The Far East, China"
        ],
    )
    volume: str = Field(description="The volume of the series.", examples=["VII"])
    number: int = Field(description="Its document number in the volume.", examples=[644])
    first_page: int = Field(description="First printed page.", examples=[912])
    last_page: int = Field(description="Last printed page.", examples=[914])
    citation: str = Field(
        description="Editorial: a suggested citation, including the editorial date."
    )
    source_url: str = Field(
        description="The document on history.state.gov.",
        examples=["https://history.state.gov/historicaldocuments/frus1945v07/d644"],
    )
    frus_id: str | None = Field(
        default=None,
        description="The Office of the Historian's id of the document (volume and document), "
        "as in `source_url`; null for a document outside FRUS.",
        examples=["frus1945v07-d644"],
    )
    editorial_date: date | None = Field(
        description="Editorial: the date of the document, as the sources give it.",
        examples=["1945-07-03"],
    )
    editorial_date_source: str | None = Field(
        description="What `editorial_date` rests on (see `editorial_date_evidence`)."
    )
    received_sha256: str = Field(
        description="SHA-256 of the received text file in seed/sources/, byte for byte.",
        examples=["f369bc8105448063c9dccbefe803462c990778bee592ce1c71608371bbbd9912"],
    )
    url: str = Field(
        description="Absolute URL of the document.",
        examples=["http://127.0.0.1:8000/documents/frus1945v07-d644"],
    )
    positions_url: str = Field(
        description="The document's positions.",
        examples=["http://127.0.0.1:8000/documents/frus1945v07-d644/positions"],
    )
    annotations_url: str = Field(
        description="The document's W3C Web Annotation container.",
        examples=["http://127.0.0.1:8000/documents/frus1945v07-d644/annotations/"],
    )
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
    context_count: int = Field(
        description="How many body sentences are context (no position).", examples=[9]
    )
    context_url: str = Field(
        description="The list of those sentences.",
        examples=["http://127.0.0.1:8000/documents/frus1945v07-d644/context"],
    )


class DocumentPublic(DocumentSummary):
    """A source document with its clean text, printed page breaks and paragraphs."""

    text: str = Field(description="The clean text: the received text without page markers.")
    page_breaks: list[PageBreak] = Field(description="Where each printed page begins.")
    paragraphs: list[ParagraphSpan] = Field(description="The body paragraphs, in order.")


def _absent_if_none(value: object) -> bool:
    return value is None


class PartyPositions(BaseModel):
    """One party's positions on an issue."""

    party: PartyRef = Field(description="The party.")
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
    """A position's point on its issue's scale."""

    position: str = Field(description="Id of the position.")
    point: int | None = Field(description="Its point on the scale, or null.")
    salience: Salience | None = vocabulary_field(Salience, "Editorial: its salience, or null:")


class ComparisonRow(BaseModel):
    """One sub-issue of the grid: which positions each party holds on it."""

    issue: IssueRef = Field(description="The sub-issue.")
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
        description="Each party holding positions on it, in order of appearance."
    )
    grid: list[ComparisonRow] = Field(description="Sub-issue × party: one row per sub-issue.")


class Counts(BaseModel):
    """Rows per collection."""

    documents: int = Field(description="Source documents.", examples=[1])
    parties: int = Field(description="Parties.", examples=[14])
    issues: int = Field(description="Issues, sub-issues included.", examples=[27])
    positions: int = Field(description="Positions.", examples=[40])


class Health(BaseModel):
    """Whether the service can answer: the database is reachable and holds a dataset."""

    status: str = Field(
        description="`ok` when the database is reachable and a dataset is loaded.", examples=["ok"]
    )
    dataset_version: str = Field(
        description="SHA-256 over the source and annotation files.",
        examples=["ea70ed1b5a485620d33c4fabb7365a21b5b67f9285c81f7d653b391af268b063"],
    )
    counts: Counts = Field(description="Rows per collection in the loaded dataset.")


class ProblemKind(BaseModel):
    """A kind of problem the API answers with, as its `type` URI explains it."""

    type: str = Field(
        description="The `type` URI that problem documents of this kind carry.",
        examples=["/problems/unknown-parameter"],
    )
    status: int = Field(
        description="The HTTP status this kind of problem is answered with.", examples=[400]
    )
    title: str = Field(
        description="The `title` its problem documents carry.", examples=["Unknown query parameter"]
    )
    description: str = Field(
        description="What it means.",
        examples=["The endpoint does not accept a query parameter; `errors` names it."],
    )


class ServiceIndex(BaseModel):
    """The service: name, versions, counts, and where everything is."""

    name: str = Field(description="The service's name.", examples=["Parley"])
    version: str = Field(description="The software's version.", examples=["0.1.0"])
    dataset_version: str | None = Field(
        description="SHA-256 over the source and annotation files.",
        examples=["ea70ed1b5a485620d33c4fabb7365a21b5b67f9285c81f7d653b391af268b063"],
    )
    counts: Counts = Field(description="Rows per collection in the loaded dataset.")
    links: dict[str, str] = Field(description="Absolute URLs of every collection and the docs.")
    licenses: list[License] = Field(
        description="What may be done with the code, the annotations and the source text."
    )
