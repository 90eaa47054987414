"""Public (response) models: what the API promises. Keys are only ever added.

Built from table rows by `app/api/present.py`, which adds the absolute URLs.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.licensing import License
from app.vocabulary import AliasKind, Basis, Certainty, IssueStatus, PartyKind, Salience, Stance


class Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PartyRef(Public):
    slug: str = Field(examples=["stalin"])
    name: str = Field(examples=["Joseph Stalin"])
    url: str = Field(description="Absolute URL of the party.")


class IssueRef(Public):
    slug: str = Field(examples=["port-arthur"])
    name: str = Field(examples=["Port Arthur"])
    url: str = Field(description="Absolute URL of the issue.")


class TextSpan(Public):
    """Character offsets in the document's clean text: 0-based code points, end excluded."""

    start: int
    end: int


class AttributionLink(Public):
    """One link in the chain by which a position reached the record."""

    party: str = Field(description="Slug of the party who passed it on.")
    to: list[str] = Field(description="Slugs of the parties it was passed to.")
    verb: str | None = Field(description="The text's word for it (`told`, `said`), if any.")
    basis: Literal["stated", "context"] = Field(
        description="`stated`: the text says so; `context`: inferred from the telegram as a whole."
    )


class ScalePoint(Public):
    """Where a position lies on its issue's scale, and the text's words that place it there."""

    point: int = Field(description="Point on the issue's scale (0 = the Soviet-side demand).")
    label: str = Field(description="Editorial: the point's label on the issue's scale.")
    words: str = Field(description="Verbatim words of the position's sentence that place it.")


class SalienceSignal(Public):
    """Editorial: how much the issue matters to the party, where the text's words signal it."""

    level: Salience = Field(description="Editorial judgement, from a controlled vocabulary.")
    words: str = Field(description="The verbatim words of the position's sentence that signal it.")
    basis: Literal["editorial"] = Field(
        "editorial", description="Always `editorial`: a reading of the words, not the text's own."
    )


class PositionPublic(Public):
    """A stance a party takes on an issue, with the exact words that support it."""

    id: str = Field(examples=["d644-019"])
    document: str = Field(description="Slug of the source document.", examples=["frus1945v07-d644"])
    party: PartyRef
    issue: IssueRef
    stance: Stance = Field(description="Editorial classification, from a controlled vocabulary.")
    verb: str | None = Field(description="The word(s) of the text carrying the stance.")
    summary: str = Field(
        description="Editorial: the annotator's one-sentence paraphrase; the quote is the evidence."
    )
    quote: str = Field(description="Verbatim from the document's clean text.")
    span: TextSpan
    pages: list[int] = Field(description="Printed FRUS pages the quote lies on.")
    paragraph: int = Field(description="Body paragraph number (1 = the telegram's first).")
    attribution: list[AttributionLink] = Field(
        description="Reporting chain, innermost first; the telegram itself is the last link."
    )
    addressee: PartyRef | None = Field(description="To whom the position was put, where stated.")
    certainty: Certainty = Field(
        description="How firmly the telegram gives it (editorial reading)."
    )
    responds_to: str | None = Field(description="Id of the position this one answers.")
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


class AliasPublic(Public):
    slug: str
    text: str
    kind: AliasKind = Field(description="`text`: used by the telegram; `editorial`: a variant.")
    romanisation: str | None = None
    source: str | None = Field(default=None, description="Source of an editorial alias.")


class PartyPublic(Public):
    slug: str
    name: str = Field(description="Conventional English form (editorial).")
    name_in_text: str | None = Field(description="The form the telegram uses.")
    kind: PartyKind
    affiliation: PartyRef | None = Field(description="The party it acts for.")
    role: str | None
    role_basis: Basis | None
    role_source: str | None
    aliases: list[AliasPublic]
    url: str
    positions_url: str
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


class ScaleStep(Public):
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
    slug: str
    name: str = Field(description="Editorial: a short name for the issue.")
    parent: str | None = Field(description="Slug of the parent issue, or null.")
    children: list[str] = Field(description="Slugs of the sub-issues.")
    description: str = Field(description="Editorial: what the issue covers.")
    status: IssueStatus = Field(description="Editorial: where the issue stood in this document.")
    status_note: str = Field(description="Editorial: why, quoting the text where it can.")
    editorial_outcome: str | None = Field(
        description="Editorial: what the agreements of 14 August 1945 settled."
    )
    editorial_outcome_source: str | None
    aliases: list[AliasPublic]
    url: str
    positions_url: str
    scale: IssueScalePublic | None = Field(
        default=None,
        description="Editorial: the issue's ordinal scale, its reference point and its outcome; "
        "null for an issue that is no bargaining dimension in the text (and for parents).",
    )


class IssueDetail(IssuePublic):
    sub_issues: list[IssueRef] = Field(description="The sub-issues, as links.")
    parties: list[PartyRef] = Field(
        description="Parties holding positions on the issue or its sub-issues, in order of appearance."
    )
    comparison_url: str


class PageBreak(Public):
    page: int
    offset: int = Field(description="Offset in the clean text where the printed page begins.")


class ParagraphSpan(Public):
    number: int
    start: int
    end: int


class DocumentSummary(Public):
    slug: str
    title: str = Field(
        description="Editorial: a descriptive title (the printed heading is `heading`)."
    )
    kind: str
    heading: str
    source_note: str
    sender: str
    recipients: list[str]
    series: str
    volume: str
    number: int
    first_page: int
    last_page: int
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
    editorial_date: date | None
    editorial_date_source: str | None
    received_sha256: str
    url: str
    positions_url: str
    annotations_url: str


class DocumentPublic(DocumentSummary):
    text: str = Field(description="The clean text: the received text without page markers.")
    page_breaks: list[PageBreak]
    paragraphs: list[ParagraphSpan]


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
    salience: Salience | None = Field(description="Editorial: its salience level, or null.")


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

    issue: IssueRef
    parties: list[PartyPositions]
    grid: list[ComparisonRow]


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
