"""How parties and positions are shown on every page: a party's colour, tint and initials,
and a position's card (its attribution chain drawn as names and arrows, and its citation)."""

from dataclasses import dataclass

from app.colours import NEUTRAL, tint
from app.models import Party
from app.schemas import AttributionLink, PositionPublic
from app.vocabulary import PartyKind

MIN_INITIALS = 2  # "St" and "So": Stalin and Soong share their first letter


@dataclass(frozen=True)
class PartyLook:
    """What a party looks like: the same on every page, from the data."""

    slug: str
    name: str
    short_name: str  # as the telegram names a person ("Stalin"); the full name otherwise
    initials: str  # the second cue besides colour; unique in the dataset
    colour: str
    tint: str


def _short_name(party: Party) -> str:
    """The short name: "Stalin", not "Joseph Stalin". The text's name of a person, unless it is a title
    ("the Generalissimo"), and the full name of anything else."""
    text_name = party.name_in_text
    if party.kind == PartyKind.PERSON.value and text_name and not text_name.startswith("the "):
        return text_name
    return party.name


def party_looks(parties: list[Party]) -> dict[str, PartyLook]:
    """Slug → look, for parties in id (annotation) order: initials are the shortest prefix
    of the slug's letters, two at least, that no earlier party has, so they never change
    for a party unless the parties before it do."""
    taken: set[str] = set()
    looks = {}
    for party in parties:
        letters = party.slug.replace("-", "")
        initials = letters[:MIN_INITIALS].capitalize()
        for length in range(MIN_INITIALS, len(letters) + 1):
            initials = letters[:length].capitalize()
            if initials not in taken:
                break
        taken.add(initials)
        colour = party.colour or NEUTRAL
        looks[party.slug] = PartyLook(
            slug=party.slug,
            name=party.name,
            short_name=_short_name(party),
            initials=initials,
            colour=colour,
            tint=tint(colour),
        )
    return looks


def parties_css(looks: dict[str, PartyLook]) -> str:
    """One class per party, setting the colour and tint every mark, badge and cell uses
    (slugs are `[a-z0-9-]`, so each is a valid class name as it is)."""
    return "".join(
        f".p-{look.slug}{{--party:{look.colour};--tint:{look.tint}}}\n" for look in looks.values()
    )


@dataclass(frozen=True)
class Hop:
    """One link of an attribution chain, named."""

    sender: str
    recipients: list[str]
    verb: str | None
    basis: str


@dataclass(frozen=True)
class Card:
    """A position as its card shows it."""

    position: PositionPublic
    party: PartyLook
    chain: list[str]  # "Stalin", "Soong", "Harriman", "Truman and the Secretary of State"
    hops: list[Hop]
    answered_by: list[str]  # ids of the positions answering this one
    citation: str

    @property
    def id(self) -> str:
        return self.position.id


def _names(slugs: list[str], looks: dict[str, PartyLook]) -> str:
    named = [looks[slug].short_name if slug in looks else slug for slug in slugs]
    return " and ".join(named)


def chain(party: str, links: list[AttributionLink], looks: dict[str, PartyLook]) -> list[str]:
    """The way a position reached the record, as names: the party, each new teller in the
    chain (innermost first), and the last link's recipients. A link told by the same party
    to someone else (Soong told Stalin, then Harriman) adds no step: it is in the hops."""
    steps = [party]
    for link in links:
        if link.party != steps[-1]:
            steps.append(link.party)
    names = [_names([slug], looks) for slug in steps]
    if links:
        names.append(_names(links[-1].to, looks))
    return names


def card(
    position: PositionPublic,
    looks: dict[str, PartyLook],
    *,
    answered_by: list[str],
    document_citation: str,
) -> Card:
    pages = position.pages
    where = f"p. {pages[0]}" if len(pages) == 1 else f"pp. {pages[0]}–{pages[-1]}"
    return Card(
        position=position,
        party=looks[position.party.slug],
        chain=chain(position.party.slug, position.attribution, looks),
        hops=[
            Hop(
                sender=_names([link.party], looks),
                recipients=[_names([slug], looks) for slug in link.to],
                verb=link.verb,
                basis=link.basis,
            )
            for link in position.attribution
        ],
        answered_by=answered_by,
        citation=f"{document_citation.rstrip('.')}, at {where}, para. {position.paragraph}; "
        f"position {position.id} in Parley, {position.url}",
    )


def answers(positions: list[PositionPublic]) -> dict[str, list[str]]:
    """Position id → the ids of the positions (among these) that answer it, in id order."""
    found: dict[str, list[str]] = {}
    for position in positions:
        for answered in position.responds_to:
            found.setdefault(answered, []).append(position.id)
    return {key: sorted(ids) for key, ids in found.items()}
