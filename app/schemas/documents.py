"""A source document: its metadata, text, page breaks and paragraphs, the editorial
apparatus around it (meeting, related documents, unnamed persons, the evidence for its date),
and its context sentences."""

import datetime
from datetime import date
from typing import Literal

from pydantic import Field

from app.schemas.refs import IssueRef, Public, TextSpan
from app.vocabulary import Relation, SourceStatus, vocabulary_field


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
