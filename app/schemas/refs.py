"""The shared pieces of the public models: the base class, a party or an issue as a link, a
span of the clean text, and an alias. Every other module of `app.schemas` imports from here,
and this module imports none of them.
"""

from pydantic import BaseModel, ConfigDict, Field

from app.vocabulary import AliasKind, vocabulary_field


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
