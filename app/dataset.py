"""The dataset as a citable product: its name, title and authors, stated once (CITATION.cff
is checked against them), and the public shape of `GET /dataset`."""

import datetime as dt

from pydantic import BaseModel, Field

from app.licensing import License
from app.schemas import Counts

NAME = "parley"
TITLE = "Parley: negotiation positions in diplomatic records"
AUTHOR = "The Parley authors"  # as in LICENSE: no person is named who has not said so


class ReleaseNotes(BaseModel):
    """One entry of seed/CHANGELOG.md: a release, or the changes not yet released."""

    version: str = Field(
        description="Calendar version (year, month, number within the month), or "
        "`Unreleased` for changes made since the latest release.",
        examples=["2026.12.0"],
    )
    date: dt.date | None = Field(description="Release date; null for Unreleased.")
    content_sha256: str | None = Field(
        description="SHA-256 of the seed content the release describes; null for Unreleased."
    )
    summary: str | None = Field(description="What the release is, in a few sentences.")
    added: list[str] = Field(description="What was added, and why.")
    changed: list[str] = Field(description="What was changed, and why.")
    corrected: list[str] = Field(description="What was wrong before, and is corrected now.")


class CitationLinks(BaseModel):
    """How to cite the dataset."""

    text: str = Field(description="The citation as plain text (`format=text`).")
    url: str = Field(description="The citation endpoint; CSL-JSON unless asked otherwise.")
    formats: dict[str, str] = Field(description="Format name → URL of the citation in it.")


class DatasetPublic(BaseModel):
    """The dataset: which release it is, what changed, its licences, size and citation."""

    name: str = Field(description="The dataset's short name (fixed).", examples=[NAME])
    title: str = Field(description="The dataset's full title.", examples=[TITLE])
    version: str | None = Field(
        description="The release (`2026.12.0`), or a development version "
        "`<latest release>+dev.<hash8>` for a seed edited since; null for a database loaded "
        "without release metadata (before migration 0010, or `parley synth`).",
        examples=["2026.12.0"],
    )
    released: bool = Field(description="Whether `version` is a release.")
    release_date: dt.date | None = Field(description="Null unless released.")
    content_sha256: str = Field(description="SHA-256 over the source and annotation files.")
    release_notes: list[ReleaseNotes] = Field(
        description="The changelog entries that describe this content, newest first: its "
        "release and every earlier one (and, for a development version, the Unreleased notes)."
    )
    licenses: list[License] = Field(
        description="What may be done with the code, the annotations and the source text."
    )
    counts: Counts = Field(description="How many documents, parties, issues and positions.")
    citation: CitationLinks = Field(description="How to cite it: the text, and each format.")
    links: dict[str, str] = Field(
        description="Absolute URLs: this resource, the whole-dataset downloads (a data "
        "package as ZIP, the SQLite file) and the codebook."
    )
