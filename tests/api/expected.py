"""What the API tests expect, computed from the seed files alone.

Nothing here imports `app`: the clean text, spans, printed pages, paragraphs, issue tree and
search matches are derived independently from `seed/`, so a bug in the loader or the queries
cannot make a test agree with itself.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML

SEED = Path(__file__).resolve().parents[2] / "seed"
DOCUMENT = "frus1945v07-d644"
BASE = "http://testserver"
TELEGRAM_LINK = {
    "party": "harriman",
    "to": ["truman", "secretary-of-state"],
    "verb": None,
    "basis": "stated",
}


def load_yaml(name: str):
    return YAML(typ="safe").load((SEED / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SeedText:
    raw: str
    clean: str
    page_breaks: list[tuple[int, int]]  # (page, offset in the clean text)
    paragraphs: list[tuple[int, int]]  # body paragraphs: (start, end) in the clean text

    def pages(self, start: int, end: int) -> list[int]:
        """Printed pages on which [start, end) lies at least partly."""
        bounds = [offset for _, offset in self.page_breaks[1:]] + [len(self.clean)]
        return [
            page
            for (page, offset), page_end in zip(self.page_breaks, bounds, strict=True)
            if start < page_end and end > offset
        ]

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The span of the sentences holding [start, end): from after the last ". " (or the
        paragraph's start) before it, to the first full stop at or after its end, stop
        included. This telegram has no abbreviations, so a full stop ends a sentence."""
        (p_start, p_end) = self.paragraphs[self.paragraph(start, end) - 1]
        before = self.clean.rfind(". ", p_start, start)
        begin = p_start if before == -1 else before + 2
        stop = self.clean.find(".", max(end - 1, begin), p_end)
        return begin, (p_end if stop == -1 else stop + 1)

    def paragraph(self, start: int, end: int) -> int:
        (number,) = [
            n for n, (s, e) in enumerate(self.paragraphs, start=1) if s <= start and end <= e
        ]
        return number


@cache
def seed_text() -> SeedText:
    raw = (SEED / "sources" / f"{DOCUMENT}.txt").read_text(encoding="utf-8")
    # Walk the markers by hand: each "[Page N] " is dropped, and its page begins where it was.
    clean_parts, breaks, removed, cursor = [], [(912, 0)], 0, 0
    for marker in re.finditer(r"\[Page (\d+)\] ", raw):
        clean_parts.append(raw[cursor : marker.start()])
        breaks.append((int(marker.group(1)), marker.start() - removed))
        removed += len(marker.group(0))
        cursor = marker.end()
    clean_parts.append(raw[cursor:])
    clean = "".join(clean_parts)
    assert "[Page" not in clean
    # Every block of this telegram is one line; the first two (source note, heading) are not
    # numbered paragraphs.
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", clean) if m.group().strip()]
    return SeedText(raw=raw, clean=clean, page_breaks=breaks, paragraphs=lines[2:])


def raw_sha256() -> str:
    return hashlib.sha256((SEED / "sources" / f"{DOCUMENT}.txt").read_bytes()).hexdigest()


@dataclass(frozen=True)
class SeedPosition:
    id: str
    party: str
    issue: str
    stance: str
    verb: str | None
    quote: str
    summary: str
    evidence: str
    mode: str
    mode_words: str | None
    addressee: str | None
    responds_to: list[str]
    note: str | None
    attribution: list[dict]
    start: int
    end: int
    pages: list[int]
    paragraph: int
    scale_point: int | None = None
    scale_words: str | None = None
    salience: str | None = None
    salience_words: str | None = None


@cache
def seed_positions() -> list[SeedPosition]:
    data = load_yaml(f"positions/{DOCUMENT}.yaml")
    text = seed_text()
    default = data["default_attribution"]
    found = []
    for record in data["positions"]:
        quote = record["quote"]
        occurrence = record.get("occurrence", 1)
        start = -1
        for _ in range(occurrence):
            start = text.clean.index(quote, start + 1)
        if "occurrence" not in record:
            assert text.clean.count(quote) == 1, quote
        end = start + len(quote)
        chain = record.get("attribution", default)
        found.append(
            SeedPosition(
                id=record["id"],
                party=record["party"],
                issue=record["issue"],
                stance=record["stance"],
                verb=record.get("verb"),
                quote=quote,
                summary=record["summary"],
                evidence=record["evidence"],
                mode=record["mode"],
                mode_words=record.get("mode_words"),
                addressee=record.get("addressee"),
                responds_to=sorted(record.get("responds_to", [])),
                note=record.get("note"),
                attribution=[
                    {
                        "party": link["party"],
                        "to": list(link["to"]),
                        "verb": link.get("verb"),
                        "basis": link["basis"],
                    }
                    for link in chain
                ]
                + [TELEGRAM_LINK],
                start=start,
                end=end,
                pages=text.pages(start, end),
                paragraph=text.paragraph(start, end),
                scale_point=record.get("scale_point"),
                scale_words=record.get("scale_words"),
                salience=record.get("salience"),
                salience_words=record.get("salience_words"),
            )
        )
    return found


def positions_by_id() -> dict[str, SeedPosition]:
    return {p.id: p for p in seed_positions()}


def document_order(ids) -> list[str]:
    """Ids in document order (span start), id breaking ties."""
    by_id = positions_by_id()
    return sorted(ids, key=lambda pid: (by_id[pid].start, pid))


@cache
def seed_parties() -> list[dict]:
    return load_yaml("parties.yaml")


@cache
def seed_issues() -> list[dict]:
    return load_yaml("issues.yaml")


def issue_status(slug: str) -> str:
    """A leaf's status as written; a parent's by the rule of seed/README.md, recomputed here."""
    record = next(i for i in seed_issues() if i["slug"] == slug)
    children = [i["slug"] for i in seed_issues() if i.get("parent") == slug]
    if not children:
        return record["status"]
    assert "status" not in record, f"{slug}: a parent's status is computed, not written"
    statuses = [issue_status(child) for child in children]
    settled = {"agreed", "agreed-in-principle", "assured"}
    if len(set(statuses)) == 1:
        return statuses[0]
    if set(statuses) <= settled:
        return "agreed-in-principle"
    if any(status in settled or status == "partly-agreed" for status in statuses):
        return "partly-agreed"
    for status in ("disputed", "open", "reported-belief", "not-discussed"):
        if status in statuses:
            return status
    raise AssertionError(statuses)


def issue_and_descendants(slug: str) -> set[str]:
    found = {slug}
    while True:
        more = {i["slug"] for i in seed_issues() if i.get("parent") in found} - found
        if not more:
            return found
        found |= more


# -- full-text search, recomputed: matching tokens of quote + summary, porter-stemmed ---------

# Which tokens of the seed the porter stemmer folds into each searched word (checked by hand);
# any other word used by the tests stems to itself and matches only itself.
STEM_FORMS = {"port": {"port", "ports"}, "troops": {"troop", "troops"}}


def tokens(text: str) -> list[str]:
    """unicode61 tokens: runs of letters and digits; all punctuation separates."""
    return re.findall(r"[^\W_]+", text.lower())


def search(*words: str) -> list[str]:
    """Ids matching every word, most relevant first: relevance is the number of tokens of
    quote and summary that match one of the words (as a stem); ties in document order."""
    forms = {word: STEM_FORMS.get(word, {word}) for word in words}
    wanted = set().union(*forms.values())
    hits = []
    for p in seed_positions():
        toks = tokens(p.quote) + tokens(p.summary)
        if all(any(t in forms[word] for t in toks) for word in words):
            hits.append((-sum(t in wanted for t in toks), p.start, p.id))
    return [pid for *_, pid in sorted(hits)]


# -- the release: seed/CHANGELOG.md, read by its own rules ------------------------------------


def content_sha256() -> str:
    """SHA-256 over the dataset's files as seed/README.md defines it: each file's path in the
    seed and its bytes, each followed by a NUL, the top-level files first."""
    names = ["documents.yaml", "parties.yaml", "issues.yaml", "editorial_sources.yaml"]
    names += sorted(f"positions/{p.name}" for p in (SEED / "positions").glob("*.yaml"))
    names += sorted(f"sources/{p.name}" for p in (SEED / "sources").glob("*.txt"))
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode() + b"\0" + (SEED / name).read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def changelog() -> list[dict]:
    """The changelog's entries as GET /dataset serves them, newest first."""
    entries: list[dict] = []
    section = None
    for line in (SEED / "CHANGELOG.md").read_text(encoding="utf-8").splitlines():
        if heading := re.fullmatch(r"## \[(.+?)\](?: - (\S+))?", line):
            entries.append(
                {
                    "version": heading[1],
                    "date": heading[2],
                    "content_sha256": None,
                    "summary": [],
                    "added": [],
                    "changed": [],
                    "corrected": [],
                }
            )
            section = None
        elif not entries or not line.strip():
            continue
        elif content := re.fullmatch(r"Seed content SHA-256: `([0-9a-f]{64})`", line):
            entries[-1]["content_sha256"] = content[1]
        elif line.startswith("### "):
            section = line[4:].lower()
        elif line.startswith("- "):
            entries[-1][section].append(line[2:])
        elif line.startswith("  "):
            entries[-1][section][-1] += " " + line.strip()
        else:
            entries[-1]["summary"].append(line)
    for entry in entries:
        entry["summary"] = " ".join(entry["summary"]) or None
    return entries


def expected_release() -> tuple[str, str | None, list[dict]]:
    """(version, release date, release notes) of the seed as it is: a release if its content
    is one, else the latest release plus `+dev.` and the hash's first 8 digits."""
    entries = changelog()
    releases = [entry for entry in entries if entry["version"] != "Unreleased"]
    for n, entry in enumerate(releases):
        if entry["content_sha256"] == content_sha256():
            return entry["version"], entry["date"], releases[n:]
    latest = releases[0]["version"] if releases else "0.0.0"
    return f"{latest}+dev.{content_sha256()[:8]}", None, entries
