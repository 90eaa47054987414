"""A position, the parts it is made of (attribution chain, certainty, sentence, point on a
scale, salience), and the facets of a filtered set of positions."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.refs import IssueRef, PartyRef, Public, TextSpan
from app.vocabulary import AttributionBasis, Evidence, Mode, Salience, Stance, vocabulary_field


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


class PositionView(Public):
    """A position as `fields` or `include` shape it: `id` and `url` always, then only the
    keys asked for (`fields`), with each included reference as the whole object it names
    (`include`: a party as in /parties/{slug}, an issue as in /issues/{slug}, …). Without
    either parameter a position is a PositionPublic."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": True})

    id: str = Field(
        description="The position's id (fixed: safe to hard-code).", examples=["d644-019"]
    )
    url: str = Field(
        description="Absolute URL of the position.",
        examples=["http://127.0.0.1:8000/positions/d644-019"],
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
