"""Controlled vocabularies, and the one place each value is defined.

Every member carries its one-line definition. Everything else is generated from here: the
OpenAPI schema of each vocabulary and the descriptions of the fields that use it, the
vocabularies of `GET /codebook`, and the tables in seed/README.md (`parley codebook
--write`; a test fails when they are out of date). Edit a definition here, never there.
"""

from enum import StrEnum
from typing import Any, NamedTuple, Self

from pydantic import Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema


class Vocabulary(StrEnum):
    """A controlled vocabulary: each member is a value (the string the API and the seed use)
    and its definition. Members are written `NAME = "value", "definition"`."""

    _value_: str
    definition: str

    # Runs only while the class's members are made: `Stance("propose")` afterwards is the
    # enum's lookup by value, which is why `definition` may be left out (for the type checker).
    def __new__(cls, value: str, definition: str = "") -> Self:
        if not definition.strip():
            raise ValueError(f"{cls.__name__} value {value!r} has no definition")
        member = str.__new__(cls, value)
        member._value_ = value
        member.definition = definition
        return member

    @classmethod
    def glossary(cls) -> str:
        """Every value with its definition, in order, as one line of Markdown."""
        return "; ".join(f"`{term.value}`: {term.definition}" for term in cls) + "."

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The enum's schema with each value's definition: listed in its description (what
        Swagger UI and ReDoc show) and as `x-enumDescriptions` (what tools read)."""
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        terms = "\n".join(f"- `{term.value}`: {term.definition}" for term in cls)
        target["description"] = f"{(cls.__doc__ or '').strip()}\n\n{terms}"
        target["x-enumDescriptions"] = {term.value: term.definition for term in cls}
        return schema


def vocabulary_field(vocabulary: type[Vocabulary], lead: str, **kwargs: Any) -> Any:
    """A field holding a value of `vocabulary`, described by `lead` and the definitions."""
    return Field(description=f"{lead} {vocabulary.glossary()}", **kwargs)


class Stance(Vocabulary):
    """What a party does with a position, in the words diplomatic reporting uses."""

    PROPOSE = "propose", "puts forward terms or an arrangement"
    COUNTER_PROPOSE = "counter-propose", "puts forward terms in answer to another party's proposal"
    INTERPRET = "interpret", "states what a term or provision means"
    DECLARE = "declare", "states a view or requirement as the party's own, not framed as a proposal"
    INSIST = "insist", "holds that a term must stand"
    ACCEPT = "accept", "agrees to a term, limit or course of action"
    CONCEDE = "concede", "gives up a term or wording"
    CONFIRM = "confirm", "reaffirms an earlier agreement or commitment"
    QUALIFY = "qualify", "adds a reservation or condition to something offered or agreed"
    OFFER = "offer", "says the party is prepared to do something"
    URGE = "urge", "presses another party to act"
    ASSURE = "assure", "gives an assurance that the other party takes as reassuring"
    RAISE = "raise", "puts a question or topic on the table without a position on it"
    INQUIRE = "inquire", "asks a question, or wants to know something"
    REQUEST = "request", "asks another party to do something"
    REPLY = "reply", "answers a question put to the party"
    CONSIDER = "consider", "is weighing a step without having decided it"
    EXPRESS_CONCERN = "express-concern", "says the party fears or objects to a consequence"
    REPORT_BELIEF = "report-belief", "states what the party believes or understands to be the case"


class Evidence(Vocabulary):
    """How the telegram attributes a position to its party: the first half of its certainty."""

    STATED = (
        "stated",
        "the sentence itself names the party (or a pronoun for it) as saying, doing or holding it",
    )
    REPORTED = (
        "reported",
        'the sentence names an intermediary through whom it came ("Soong told me that", '
        '"Soong said"); the attribution chain has that link with basis `stated`',
    )
    INFERRED = (
        "inferred",
        "the sentence names no one; the party is read from context, and a `note` says how",
    )


class Mode(Vocabulary):
    """How the party holds the position, as the text gives it: the second half of its
    certainty. Each wording of a state of mind has one mode wherever it occurs."""

    ASSERTED = (
        "asserted",
        "the party says, proposes, agrees, asks or does it; no state of mind is given",
    )
    APPEARED = "appeared", 'given as an impression of the party\'s stance ("appeared to agree")'
    BELIEVED = (
        "believed",
        'a belief, feeling or understanding ("believes", "feels", "understands", "believing")',
    )
    FEARED = "feared", 'a fear of a consequence ("is fearful")'
    WANTED = "wanted", 'a wish to know or to have something ("is anxious to know")'
    CONSIDERED = "considered", 'a step being weighed, not decided ("was considering")'


class IssueStatus(Vocabulary):
    """Where an issue stood in this document."""

    DISPUTED = "disputed", "the parties' stated positions differ and no settlement is reported"
    AGREED = "agreed", "a party agreed to the other's term, with nothing left open"
    AGREED_IN_PRINCIPLE = (
        "agreed-in-principle",
        "agreement is reported, but no decision or detail was reached",
    )
    PARTLY_AGREED = (
        "partly-agreed",
        "some sub-issues agreed (or in principle), others disputed or open",
    )
    ASSURED = "assured", "a party gave assurances the other accepted; no terms are given"
    OPEN = (
        "open",
        "raised, proposed or asked, with no response on its substance or decision reported",
    )
    NOT_DISCUSSED = "not-discussed", "the text says it was not discussed"
    REPORTED_BELIEF = (
        "reported-belief",
        "not negotiated: the text reports only a party's belief or understanding about it",
    )


class Salience(Vocabulary):
    """How much an issue matters to a party, where the text's words signal it (editorial)."""

    HIGH = (
        "high",
        'the words stress the issue for the party ("urgently", "is fearful", "it was important")',
    )
    LOW = "low", 'the words play the issue down for the party ("not interested in")'


class AttributionBasis(Vocabulary):
    """How a link of a position's attribution chain is known."""

    STATED = (
        "stated",
        'the text itself says who told whom ("Soong told me", the telegram\'s heading)',
    )
    CONTEXT = (
        "context",
        "inferred from the telegram as a whole: Soong as Harriman's informant on the talks",
    )


class PartyKind(Vocabulary):
    """What sort of actor a party is."""

    PERSON = "person", "an individual, named in the text or referred to by a title"
    STATE = "state", "a country, as an actor in international relations"
    GOVERNMENT = "government", "the government of a state, acting for it"
    POLITICAL_PARTY = "political-party", "a political party or movement"
    ARMED_FORCE = "armed-force", "a state's army or other armed force"
    OFFICE = "office", "a post, as distinct from the person holding it"


class Basis(Vocabulary):
    """Whether a fact comes from the telegram's own words or from outside it."""

    STATED = "stated", "the telegram itself gives it (in its heading or its body)"
    EDITORIAL = "editorial", "it comes from outside the text, and a source is cited for it"


class AliasKind(Vocabulary):
    """Where another name of a party or an issue comes from."""

    TEXT = "text", "a form the telegram itself uses; the loader checks it is in the text"
    EDITORIAL = "editorial", "a name variant users may search by; it must cite a source"


class Relation(Vocabulary):
    """What a related document is to the document it is listed on (editorial)."""

    REPLY_TO = (
        "reply-to",
        "the related document replies to this one: it answers what this document reports or asks",
    )
    FOLLOWS = (
        "follows",
        "a later step of the same negotiation that does not reply to this document",
    )
    PRECEDES = "precedes", "an earlier step of the same negotiation"
    COMPANION = "companion", "another report of the same meeting, sent at the same time"
    OUTCOME = (
        "outcome",
        "the settlement the negotiation reached: an instrument of 14 August 1945, or a report "
        "of the settlement",
    )


class SourceStatus(Vocabulary):
    """How far the wording an editorial fact rests on was seen at the address cited."""

    VERIFIED = "verified", "the wording relied on was seen at the address given"
    PARTLY_VERIFIED = "partly-verified", "part of it was seen; the rest was not retrieved"
    SECONDARY = "secondary", "seen only in a non-official reproduction"


class Listed(NamedTuple):
    """A vocabulary as the codebook and seed/README.md list it."""

    name: str  # its key in GET /codebook and its marker in seed/README.md
    vocabulary: type[Vocabulary]
    column: str  # the heading of the value column of its table in seed/README.md


# In the order seed/README.md gives them.
VOCABULARIES: tuple[Listed, ...] = (
    Listed("stance", Stance, "stance"),
    Listed("evidence", Evidence, "evidence"),
    Listed("mode", Mode, "mode"),
    Listed("salience", Salience, "salience"),
    Listed("issue-status", IssueStatus, "status"),
    Listed("attribution-basis", AttributionBasis, "basis"),
    Listed("relation", Relation, "relation"),
    Listed("source-status", SourceStatus, "status"),
    Listed("alias-kind", AliasKind, "kind"),
    Listed("party-kind", PartyKind, "kind"),
    Listed("role-basis", Basis, "basis"),
)
