"""The shape of the annotation files, validated with Pydantic before anything is resolved.

These are input records, not tables: a position here names its quote, and the loader
computes the span, pages and paragraph that the `Position` table stores.
"""

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.vocabulary import AliasKind, Basis, Certainty, IssueStatus, PartyKind, Salience, Stance

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
WikidataId = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$", max_length=16)]
# The Office of the Historian's id of a FRUS document: the volume's id and the document's.
FrusId = Annotated[str, StringConstraints(pattern=r"^frus[0-9a-z]+-d[0-9]+$", max_length=64)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AliasRecord(Record):
    text: Text
    kind: AliasKind
    romanisation: str | None = None
    source: str | None = Field(default=None, description="Key in editorial_sources.yaml.")


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
    basis: Annotated[str, StringConstraints(pattern=r"^(stated|context)$")]


class PositionRecord(Record):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=32)]
    party: Slug
    issue: Slug
    stance: Stance
    verb: Text | None = None
    quote: Text
    occurrence: int | None = Field(default=None, ge=1)
    summary: Text
    certainty: Certainty
    addressee: Slug | None = None
    attribution: list[AttributionLinkRecord] | None = None
    responds_to: str | None = None
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
