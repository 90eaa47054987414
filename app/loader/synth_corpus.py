"""A synthetic corpus in the shape of the annotation files: parties, nested issues, and
documents whose received text (with `[Page N]` markers and paragraphs) holds every quote.

Only plain data comes out of here (the dicts a YAML file would hold, and received text);
`app.loader.synth` puts it through the loader's own validation. Draws are skewed the way
diplomatic records are: a few parties and issues carry most positions, most documents are
short and a few are long."""

import hashlib
import random
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, TypeVar

from app.vocabulary import Evidence, IssueStatus, Mode, PartyKind, Stance

T = TypeVar("T")
YamlRecord = dict[str, Any]  # a record as an annotation file holds it

PEOPLE = (
    "Stalin", "Soong", "Molotov", "Harriman", "Truman", "Chiang Kai-shek", "Byrnes", "Hurley",
    "Petrov", "Wang Shih-chieh", "Chiang Ching-kuo", "Vyshinsky", "Churchill", "Attlee", "Bevin",
    "Eden", "Grew", "Wedemeyer", "Marshall", "Mao Tse-tung", "Chou En-lai", "Hopkins", "Gromyko",
    "Kennan", "Bohlen", "Leahy", "Stimson", "Forrestal", "MacArthur", "Lozovsky",
)  # fmt: skip
STATES = ("Soviet Union", "China", "United States", "United Kingdom", "France", "Mongolia")
PLACES = (
    "Port Arthur", "Dairen", "Outer Mongolia", "Sinkiang", "Korea", "Manchuria", "Formosa",
    "Hong Kong", "Indochina", "the Kuriles", "Sakhalin", "Tannu Tuva", "Kwantung", "Jehol",
    "Harbin", "Mukden", "Changchun", "Tsingtao", "Shanghai", "Chungking", "Yenan", "Urga",
)  # fmt: skip
ASPECTS = (
    "ownership", "operation", "administration", "term", "revenues", "defence", "customs",
    "jurisdiction", "withdrawal of troops", "railway zone", "civil affairs", "recognition",
)  # fmt: skip
PREDICATES = (
    "be placed under joint administration", "remain under Chinese sovereignty",
    "be settled before the end of the war", "be left to a later conference",
    "be decided by a plebiscite", "be governed by a mixed commission",
    "be shared equally between the two governments", "not be discussed at this stage",
    "be confirmed in a separate agreement", "rest with the Soviet Government",
    "be returned to China without compensation", "be guaranteed by the three powers",
    "be referred to the Generalissimo", "follow the Yalta formula", "be a free port",
    "be subject to review after thirty years", "be open to the commerce of all nations",
)  # fmt: skip
TAILS = (
    "", "", "", " for a period of {n} years", " within {n} months of the surrender",
    " without further negotiation", " as soon as the treaty was signed", " in time of war only",
    " on the terms discussed on {n} July",
)  # fmt: skip
VERBS = {
    Stance.PROPOSE: "proposed that", Stance.COUNTER_PROPOSE: "countered that",
    Stance.INTERPRET: "interpreted the agreement to mean that", Stance.DECLARE: "declared that",
    Stance.INSIST: "insisted that", Stance.ACCEPT: "accepted that", Stance.CONCEDE: "conceded that",
    Stance.CONFIRM: "confirmed that", Stance.QUALIFY: "qualified this by saying that",
    Stance.OFFER: "offered that", Stance.URGE: "urged that", Stance.ASSURE: "assured us that",
    Stance.RAISE: "raised the point that", Stance.INQUIRE: "asked whether",
    Stance.REQUEST: "requested that", Stance.REPLY: "replied that",
    Stance.CONSIDER: "considered that", Stance.EXPRESS_CONCERN: "was concerned that",
    Stance.REPORT_BELIEF: "believed that",
}  # fmt: skip
MODALS = ("should", "must", "would", "could", "might")
CHARS_PER_PAGE = 2400


def zipf(n: int, s: float = 1.1) -> list[float]:
    """Cumulative weights of a Zipf law over n ranks: the first few take most draws."""
    return list(accumulate(1 / rank**s for rank in range(1, n + 1)))


def slug_of(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def party_files() -> list[YamlRecord]:
    """The parties file: people (some acting for a state), states and their governments."""
    parties: list[YamlRecord] = [
        {"slug": slug_of(s), "name": s, "kind": PartyKind.STATE.value} for s in STATES
    ]
    parties += [
        {"slug": f"{slug_of(s)}-government", "name": f"Government of {s}", "kind": "government"}
        for s in STATES
    ]
    for n, person in enumerate(PEOPLE):
        parties.append(
            {
                "slug": slug_of(person),
                "name": person,
                "name_in_text": None,
                "kind": PartyKind.PERSON.value,
                "affiliation": slug_of(STATES[n % 4]),
                "aliases": [
                    {"text": f"{person} (synthetic)", "kind": "editorial", "source": "synth"}
                ],
            }
        )
    parties += [
        {"slug": f"delegate-{n:03d}", "name": f"Delegate {n}", "kind": PartyKind.OFFICE.value}
        for n in range(1, 121)
    ]
    return parties


def issue_files() -> list[YamlRecord]:
    """Nested issues: a place, its aspects, and for some aspects a narrower point."""
    statuses = [status.value for status in IssueStatus]
    issues = []
    for n, place in enumerate(PLACES):
        top = slug_of(place)
        issues.append(_issue(top, None, place.removeprefix("the ").title(), statuses[n % 7]))
        for k, aspect in enumerate(ASPECTS[: 2 + n % 7]):
            child = f"{top}-{slug_of(aspect)}"
            issues.append(_issue(child, top, f"{aspect.capitalize()} of {place}", statuses[k % 7]))
            if k % 3 == 0:
                grandchild = f"{child}-interim"
                name = f"Interim {aspect} of {place}"
                issues.append(_issue(grandchild, child, name, statuses[(k + n) % 7]))
    return issues


def _issue(slug: str, parent: str | None, name: str, status: str) -> YamlRecord:
    return {
        "slug": slug,
        "parent": parent,
        "name": name,
        "description": f"Synthetic issue: {name}.",
        "status": status,
        "status_note": f"Generated; the status of {name} is {status}.",
        "outcome": None,
    }


def positions_per_document(documents: int, positions: int, rng: random.Random) -> list[int]:
    """Positions in each document: at least one each, the rest spread by a lognormal weight,
    so most documents are short and a few long; the sum is exactly `positions`."""
    weights = [rng.lognormvariate(0, 1) for _ in range(documents)]
    spare = positions - documents
    total = sum(weights)
    counts = [1 + int(spare * weight / total) for weight in weights]
    for index in range(positions - sum(counts)):  # what rounding down left over
        counts[index % documents] += 1
    return counts


@dataclass(frozen=True)
class Corpus:
    """What every document draws from: slugs with their cumulative Zipf weights."""

    people: list[str]
    people_weights: list[float]
    issues: list[YamlRecord]
    issue_weights: list[float]
    names: dict[str, str]  # party slug → name as the text writes it


def corpus(parties: list[YamlRecord], issues: list[YamlRecord]) -> Corpus:
    people = [p["slug"] for p in parties if p["kind"] in ("person", "office")]
    return Corpus(
        people=people,
        people_weights=zipf(len(people)),
        issues=issues,
        issue_weights=zipf(len(issues), 0.9),
        names={p["slug"]: p["name"] for p in parties},
    )


def _clause(rng: random.Random, issue: YamlRecord, stance: Stance) -> str:
    """What a party said, from its verb to the end of the clause: the quote."""
    if issue["parent"] is None:
        topic = f"the question of {issue['name']}"
    else:
        topic = f"the {issue['name'][0].lower()}{issue['name'][1:]}"
    tail = rng.choice(TAILS).format(n=rng.randint(2, 40))
    return f"{VERBS[stance]} {topic} {rng.choice(MODALS)} {rng.choice(PREDICATES)}{tail}"


# How often a draw does each optional thing.
NEW_PARAGRAPH_CHANCE = 0.2
OFF_TOPIC_ISSUE_CHANCE = 0.1  # an issue the document does not centre on
DEFAULT_ATTRIBUTION_CHANCE = 0.5
ADDRESSEE_CHANCE = 0.3
ATTRIBUTION_CHANCE = 0.1
RESPONDS_TO_CHANCE = 0.15
EDITORIAL_NOTE_CHANCE = 0.05

STANCES = list(Stance)
STANCE_WEIGHTS = zipf(len(STANCES), 0.8)
# A stance whose verb is a state of mind gives the position that mode, with the verb's words.
MODES = {
    Stance.CONSIDER: (Mode.CONSIDERED, "considered"),
    Stance.EXPRESS_CONCERN: (Mode.FEARED, "was concerned"),
    Stance.REPORT_BELIEF: (Mode.BELIEVED, "believed"),
}
TWO_RESPONSES_CHANCE = 0.1  # of a position that responds at all
CONTEXT = "There was no attempt to arrive at a decision on these points."


@dataclass(frozen=True)
class Layout:
    """Where one document sits: its positions, volume, number and printed pages."""

    n: int  # 1-based, the document's id
    positions: int
    volume: int
    number: int
    first_page: int
    last_page: int


DOCUMENTS_PER_VOLUME = 500


def layouts(documents: int, positions: int, seed: int) -> list[Layout]:
    """Every document's place, drawn up front (small: a few numbers per document) so that each
    document can then be generated on its own, twice if need be, from its own seed."""
    rng = random.Random(f"{seed}:layout")
    found: list[Layout] = []
    for n, count in enumerate(positions_per_document(documents, positions, rng), start=1):
        volume, number = divmod(n - 1, DOCUMENTS_PER_VOLUME)
        if number == 0:
            first = 1
        else:  # FRUS documents often end and begin on the same printed page
            first = found[-1].last_page + rng.choice((0, 1))
        pages = 1 + count * 140 // CHARS_PER_PAGE  # about 140 characters a sentence
        found.append(Layout(n, count, volume + 1, number + 1, first, first + pages - 1))
    return found


def document(layout: Layout, corpus: Corpus, seed: int) -> tuple[YamlRecord, str, YamlRecord]:
    """(documents.yaml record, received text, positions file) of one document."""
    rng = random.Random(f"{seed}:{layout.n}")

    def pick(population: list[T], weights: list[float], k: int) -> list[T]:
        return rng.choices(population, cum_weights=weights, k=k)

    speakers = pick(corpus.people, corpus.people_weights, rng.randint(2, 4))
    sender, *recipients = pick(corpus.people, corpus.people_weights, rng.randint(2, 3))
    issues = pick(corpus.issues, corpus.issue_weights, rng.randint(1, 4))
    slug = f"synth-v{layout.volume:03d}-d{layout.number:04d}"
    heading = [
        f"Synthetic Files {layout.volume}: Telegram",
        f"{corpus.names[sender]} to the Secretary",
    ]
    pages = layout.last_page - layout.first_page + 1
    breaks = {j * layout.positions // pages: layout.first_page + j for j in range(1, pages)}

    received: list[str] = [heading[0], "\n\n", heading[1]]
    records: list[YamlRecord] = []
    quotes: list[tuple[str, int]] = []  # (quote, its occurrence so far)
    seen: dict[str, int] = {}
    context_at = rng.randrange(layout.positions)
    for i in range(layout.positions):
        starts_paragraph = i == 0 or rng.random() < NEW_PARAGRAPH_CHANCE
        separator = "\n\n" if starts_paragraph else " "
        received.append(separator)
        if i in breaks:
            received.append(f"[Page {breaks[i]}] ")
        if i == context_at:
            received.append(CONTEXT + " ")
        speaker, issue = rng.choice(speakers), rng.choice(issues)
        if rng.random() < OFF_TOPIC_ISSUE_CHANCE:
            issue = pick(corpus.issues, corpus.issue_weights, 1)[0]
        stance = rng.choices(STANCES, cum_weights=STANCE_WEIGHTS)[0]
        # The quote keeps the full stop: a verb phrase only ever opens a clause, so a quote
        # can only occur where an identical clause does, and counting clauses gives its
        # occurrence without searching the text.
        quote = _clause(rng, issue, stance) + "."
        sentence = f"{corpus.names[speaker]} {quote}"
        seen[quote] = seen.get(quote, 0) + 1
        quotes.append((quote, seen[quote]))
        received.append(sentence)
        records.append(
            _position(
                rng,
                layout.n,
                i,
                speaker=speaker,
                speakers=speakers,
                issue=issue,
                stance=stance,
                earlier=records,
            )
        )
        records[-1]["summary"] = f"{corpus.names[speaker]} ({stance.value}) on {issue['name']}."
    text = "".join(received)
    for record, (quote, occurrence) in zip(records, quotes, strict=True):
        record["quote"] = quote
        record["occurrence"] = occurrence if seen[quote] > 1 else None
    record = {
        "slug": slug,
        "file": f"synthetic/{slug}.txt",
        "received_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "kind": "telegram",
        "title": f"{corpus.names[sender]} on {issues[0]['name']}",
        "heading_line_count": 2,
        "sender": sender,
        "recipients": recipients,
        "series": "Foreign Relations of the United States (synthetic)",
        "volume": str(layout.volume),
        "number": layout.number,
        "first_page": layout.first_page,
        "last_page": layout.last_page,
        "url": f"https://example.org/synthetic/{slug}",
        "citation": f"Synthetic volume {layout.volume}, doc. {layout.number}.",
    }
    informant = speakers[0]
    positions_file = {
        "document": slug,
        "default_attribution": [{"party": informant, "to": [sender], "basis": "context"}]
        if rng.random() < DEFAULT_ATTRIBUTION_CHANCE
        else [],
        "context": [{"sentence": CONTEXT, "issues": [issues[0]["slug"]], "reason": "Synthetic."}],
        "positions": records,
    }
    return record, text, positions_file


def _position(
    rng: random.Random,
    n: int,
    i: int,
    *,
    speaker: str,
    speakers: list[str],
    issue: YamlRecord,
    stance: Stance,
    earlier: list[YamlRecord],
) -> YamlRecord:
    others = [party for party in speakers if party != speaker]
    record = {
        "id": f"s{n:05d}-{i + 1:04d}",
        "party": speaker,
        "issue": issue["slug"],
        "stance": stance.value,
        "verb": VERBS[stance].rsplit(" ", 1)[0],
        "evidence": Evidence.STATED.value,
        "mode": Mode.ASSERTED.value,
    }
    if stance in MODES:
        mode, words = MODES[stance]
        record.update(mode=mode.value, mode_words=words)
    if others and rng.random() < ADDRESSEE_CHANCE:
        record["addressee"] = rng.choice(others)
    if others and rng.random() < ATTRIBUTION_CHANCE:
        record["attribution"] = [{"party": speaker, "to": [others[0]], "basis": "stated"}]
    if earlier and rng.random() < RESPONDS_TO_CHANCE:
        answered = 2 if len(earlier) > 1 and rng.random() < TWO_RESPONSES_CHANCE else 1
        record["responds_to"] = [r["id"] for r in rng.sample(earlier[-5:], answered)]
    if rng.random() < EDITORIAL_NOTE_CHANCE:
        # The party of a sentence that names none is read from context, and a note says so.
        record.update(evidence=Evidence.INFERRED.value, note="Synthetic editorial note.")
    return record
