"""Controlled vocabularies. Each member's one-line definition is repeated in seed/README.md,
and a test keeps the two in step."""

from enum import StrEnum


class Stance(StrEnum):
    """What a party does with a position, in the words diplomatic reporting uses."""

    PROPOSE = "propose"
    COUNTER_PROPOSE = "counter-propose"
    INTERPRET = "interpret"
    DECLARE = "declare"
    INSIST = "insist"
    ACCEPT = "accept"
    CONCEDE = "concede"
    CONFIRM = "confirm"
    QUALIFY = "qualify"
    OFFER = "offer"
    URGE = "urge"
    ASSURE = "assure"
    RAISE = "raise"
    INQUIRE = "inquire"
    REQUEST = "request"
    REPLY = "reply"
    CONSIDER = "consider"
    EXPRESS_CONCERN = "express-concern"
    REPORT_BELIEF = "report-belief"


class Evidence(StrEnum):
    """How the telegram attributes a position to its party: the first half of its certainty."""

    STATED = "stated"
    REPORTED = "reported"
    INFERRED = "inferred"


class Mode(StrEnum):
    """How the party holds the position, as the text gives it: the second half of its
    certainty. Each wording of a state of mind has one mode wherever it occurs."""

    ASSERTED = "asserted"
    APPEARED = "appeared"
    BELIEVED = "believed"
    FEARED = "feared"
    WANTED = "wanted"
    CONSIDERED = "considered"


class IssueStatus(StrEnum):
    """Where an issue stood in this document."""

    DISPUTED = "disputed"
    AGREED = "agreed"
    AGREED_IN_PRINCIPLE = "agreed-in-principle"
    PARTLY_AGREED = "partly-agreed"
    ASSURED = "assured"
    OPEN = "open"
    NOT_DISCUSSED = "not-discussed"
    REPORTED_BELIEF = "reported-belief"


class Salience(StrEnum):
    """How much an issue matters to a party, where the text's words signal it (editorial)."""

    HIGH = "high"
    LOW = "low"


class PartyKind(StrEnum):
    PERSON = "person"
    STATE = "state"
    GOVERNMENT = "government"
    POLITICAL_PARTY = "political-party"
    ARMED_FORCE = "armed-force"
    OFFICE = "office"


class Basis(StrEnum):
    """Whether a fact comes from the telegram's own words or from outside it."""

    STATED = "stated"
    EDITORIAL = "editorial"


class AliasKind(StrEnum):
    TEXT = "text"
    EDITORIAL = "editorial"


class Relation(StrEnum):
    """What a related document is to the document it is listed on (editorial)."""

    REPLY_TO = "reply-to"
    FOLLOWS = "follows"
    PRECEDES = "precedes"
    COMPANION = "companion"
    OUTCOME = "outcome"


class SourceStatus(StrEnum):
    """How far the wording an editorial fact rests on was seen at the address cited."""

    VERIFIED = "verified"
    PARTLY_VERIFIED = "partly-verified"
    SECONDARY = "secondary"
