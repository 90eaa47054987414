"""The shape of the annotation files, validated with Pydantic before anything is resolved.

These are input records, not tables: a position here names its quote, and the loader
computes the span, pages and paragraph that the `Position` table stores.
"""

import datetime
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

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
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
SourceKey = Annotated[str, StringConstraints(min_length=1)]  # a key in editorial_sources.yaml
PositionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=32)]
WikidataId = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$", max_length=16)]
# The Office of the Historian's id of a FRUS document: the volume's id and the document's.
FrusId = Annotated[str, StringConstraints(pattern=r"^frus[0-9a-z]+-d[0-9]+$", max_length=64)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-f]{6}$")]  # lower-case #rrggbb


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AliasRecord(Record):
    text: Text
    kind: AliasKind
    romanisation: str | None = None
    source: str | None = Field(default=None, description="Key in editorial_sources.yaml.")


class EvidenceRecord(Record):
    """Words read in another source, and what they show (editorial)."""

    source: SourceKey
    quote: Text
    shows: Text


class PresentRecord(Record):
    """Someone present at a meeting: a party of the dataset, or a name the sources give."""

    party: Slug | None = None
    name: Text | None = None
    role: Text | None = None
    source: SourceKey
    note: Text | None = None

    @model_validator(mode="after")
    def _party_or_name(self) -> "PresentRecord":
        if (self.party is None) == (self.name is None):
            raise ValueError("give either a party slug or a name, not both")
        return self


class MeetingRecord(Record):
    """The meeting a document reports."""

    description: Text
    date: datetime.date  # `datetime.`: the field's name shadows the type
    time: Text | None = None
    place: Text | None = None
    present: list[PresentRecord] = Field(min_length=1)
    evidence: list[EvidenceRecord] = Field(min_length=1)
    note: Text | None = None


class RelatedDocumentRecord(Record):
    """Another document of the same negotiation, as a reference (its text is not loaded)."""

    id: Slug
    title: Text
    date: datetime.date | None = None
    date_source: SourceKey | None = None
    date_note: Text | None = None
    relation: Relation
    summary: Text
    url: Url
    source: SourceKey
    source_status: SourceStatus


class UnnamedPersonRecord(Record):
    """Someone the text refers to without naming: identified with a source, or left null."""

    words: Text
    occurrence: int | None = Field(default=None, ge=1)
    position: PositionId | None = None
    identified_as: Text | None = None
    source: SourceKey | None = None
    note: Text


class DocumentRecord(Record):
    slug: Slug
    file: str
    received_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    kind: Text
    title: Text
    heading_line_count: int = Field(ge=0)
    sender: Slug
    recipients: list[Slug] = Field(min_length=1)
    series: Text
    volume: Text
    number: int
    first_page: int
    last_page: int
    url: Text
    frus_id: FrusId | None = None
    citation: Text
    editorial_date: date | None = None
    editorial_date_source: Text | None = None
    editorial_date_evidence: list[EvidenceRecord] = []
    meeting: MeetingRecord | None = None
    related_documents: list[RelatedDocumentRecord] = []
    unnamed_persons: list[UnnamedPersonRecord] = []


class PartyRecord(Record):
    slug: Slug
    name: Text
    name_in_text: Text | None = None
    kind: PartyKind
    affiliation: Slug | None = None
    role: Text | None = None
    role_basis: Basis | None = None
    role_source: str | None = None
    wikidata: WikidataId | None = None
    wikidata_source: str | None = Field(default=None, description="Key in editorial_sources.yaml.")
    colour: Colour | None = None
    aliases: list[AliasRecord] = []


class ScaleStepRecord(Record):
    point: int = Field(ge=0)
    label: Text


class ReferencePointRecord(Record):
    """The Yalta clause an issue turns on: its words, its source, and its point (if any)."""

    point: int | None = None
    quote: Text
    source: str | None = Field(default=None, description="Key in editorial_sources.yaml.")
    note: Text | None = None


class IssueRecord(Record):
    slug: Slug
    parent: Slug | None = None
    name: Text
    description: Text
    status: IssueStatus | None = None  # a leaf's; a parent's is computed from its children
    status_note: Text
    scale: list[ScaleStepRecord] | None = None
    scale_note: Text | None = None
    reference_point: ReferencePointRecord | None = None
    outcome: Text | None = None
    outcome_source: str | None = None
    outcome_point: int | None = None
    aliases: list[AliasRecord] = []


class AttributionLinkRecord(Record):
    party: Slug
    to: list[Slug] = Field(min_length=1)
    verb: Text | None = None
    basis: AttributionBasis


class PositionRecord(Record):
    id: PositionId
    party: Slug
    issue: Slug
    stance: Stance
    verb: Text | None = None
    quote: Text
    occurrence: int | None = Field(default=None, ge=1)
    summary: Text
    evidence: Evidence
    mode: Mode
    mode_words: Text | None = None
    addressee: Slug | None = None
    attribution: list[AttributionLinkRecord] | None = None
    responds_to: list[str] = []
    note: Text | None = None
    scale_point: int | None = None
    scale_words: Text | None = None
    salience: Salience | None = None
    salience_words: Text | None = None


class ContextRecord(Record):
    sentence: Text
    issues: list[Slug] = []
    reason: Text


class PositionsFile(Record):
    document: Slug
    default_attribution: list[AttributionLinkRecord] = []
    context: list[ContextRecord] = []
    positions: list[PositionRecord]
