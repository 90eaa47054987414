"""A party: someone who holds, receives or reports positions."""

from pydantic import Field

from app.schemas.refs import AliasPublic, PartyRef, Public
from app.vocabulary import Basis, PartyKind, vocabulary_field


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
