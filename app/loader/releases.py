"""Dataset releases: seed/CHANGELOG.md names each release, its date and the seed content it
describes; seed/releases/<version>.ids lists the position ids each release had.

The rule (seed/README.md, "Releases"): a seed whose content hash is a release's loads as that
release; any other seed loads only while the changelog has an `## [Unreleased]` section, as a
development version (`<latest release>+dev.<hash8>`) that is plainly not a release. Whatever
the version, no position id of any release may be missing. Errors read
`seed/CHANGELOG.md:<line>: <what is wrong>`, as every other refusal does.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from app.loader.files import AnnotationError, UnreadableFile, read_text

CHANGELOG = "CHANGELOG.md"
RELEASES = "releases"
NOTE_SECTIONS = ("Added", "Changed", "Corrected")
UNRELEASED = "Unreleased"

_CALENDAR_VERSION = re.compile(r"(?P<year>\d{4})\.(?P<month>[1-9]|1[0-2])\.(?P<n>0|[1-9]\d*)")
_RELEASE_HEADING = re.compile(r"## \[(?P<name>[^\]]*)\](?: - (?P<date>\d{4}-\d\d-\d\d))?")
_CONTENT_LINE = re.compile(r"Seed content SHA-256: `(?P<sha256>[0-9a-f]{64})`")
_HEADING_FORM = "`## [YYYY.M.N] - YYYY-MM-DD` or `## [Unreleased]`"


@dataclass
class Entry:
    """One `## [...]` section of the changelog, with the line it starts on."""

    line: int
    version: str | None  # None: the Unreleased section
    released: date | None = None
    content_sha256: str | None = None
    summary: list[str] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)

    def public(self) -> dict[str, Any]:
        """The entry as stored and served (app/dataset.py, ReleaseNotes)."""
        return {
            "version": self.version or UNRELEASED,
            "date": self.released.isoformat() if self.released else None,
            "content_sha256": self.content_sha256,
            "summary": " ".join(self.summary) or None,
            **{section.lower(): self.notes.get(section, []) for section in NOTE_SECTIONS},
        }


@dataclass(frozen=True)
class Release:
    """What a load records about the release it loads."""

    version: str
    released: date | None  # None: a development version
    notes: list[dict[str, Any]]  # the entries describing this content, newest first
    metadata_sha256: str  # of the changelog and the id lists, so that a changed one is seen


class _Reader:
    """The changelog's lines → entries, with an error for each line that breaks its form."""

    def __init__(self, display_path: str) -> None:
        self.display_path = display_path
        self.errors: list[AnnotationError] = []
        self.entries: list[Entry] = []
        self.section: str | None = None
        # Under a refused heading ("## ") or section ("### "), lines are skipped up to the
        # next of its kind: they would otherwise be read as the entry before's.
        self.skip_until: str | None = None

    def fail(self, line: int, message: str) -> None:
        self.errors.append(AnnotationError(self.display_path, line, None, message))

    def read(self, text: str) -> list[Entry]:
        for number, line in enumerate(text.splitlines(), start=1):
            self._line(number, line.rstrip())
        return self.entries

    def _line(self, number: int, line: str) -> None:
        if line.startswith("## "):
            self._heading(number, line)
        elif line.startswith("### ") and self.entries and self.skip_until != "## ":
            self._section(number, line.removeprefix("### ").strip())
        elif not self.entries or not line or self.skip_until:
            return  # the file's own heading and preamble; blank lines; refused lines
        elif line.startswith("Seed content SHA-256:"):
            found = _CONTENT_LINE.fullmatch(line)
            if found is None:
                self.fail(
                    number, "the content line reads `Seed content SHA-256: `<64 hex digits>``"
                )
                return
            self.entries[-1].content_sha256 = found["sha256"]
        elif line.startswith("- ") and self.section is not None:
            self.entries[-1].notes[self.section].append(line.removeprefix("- ").strip())
        elif line.startswith("  ") and self.section is not None:
            notes = self.entries[-1].notes[self.section]
            if not notes:
                self.fail(number, "an indented line continues no note")
                return
            notes[-1] += " " + line.strip()
        elif self.section is None and not line.startswith(("-", "#")):
            self.entries[-1].summary.append(line.strip())
        else:
            self.fail(number, f"not part of a note: {line!r} (a note is a `- ` line)")

    def _heading(self, number: int, line: str) -> None:
        self.section = None
        self.skip_until = "## "
        found = _RELEASE_HEADING.fullmatch(line)
        if found is None:
            self.fail(number, f"a release heading reads {_HEADING_FORM}, not {line!r}")
            return
        name, dated = found["name"], found["date"]
        if name == UNRELEASED and dated is None:
            self.entries.append(Entry(number, None))
            self.skip_until = None
            return
        released = _iso_date(dated)
        version = _CALENDAR_VERSION.fullmatch(name)
        if version is None or released is None:
            self.fail(number, f"a release heading reads {_HEADING_FORM}, not {line!r}")
            return
        if (int(version["year"]), int(version["month"])) != (released.year, released.month):
            self.fail(number, f"release {name} is dated {dated}: its year and month must agree")
        self.entries.append(Entry(number, name, released))
        self.skip_until = None

    def _section(self, number: int, name: str) -> None:
        self.section = None
        self.skip_until = None
        if name not in NOTE_SECTIONS:
            self.skip_until = "### "
            self.fail(number, f"unknown section {name!r}; use {', '.join(NOTE_SECTIONS)}")
            return
        self.section = name
        self.entries[-1].notes.setdefault(name, [])


def _iso_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _check_entries(reader: _Reader, entries: list[Entry]) -> None:
    """Unreleased first (if at all), then releases newest first, each with its content hash
    and each content released once."""
    seen_hashes: dict[str, str] = {}
    previous: Entry | None = None
    for index, entry in enumerate(entries):
        if entry.version is None:
            if index > 0:
                reader.fail(entry.line, "the Unreleased section comes first, and only once")
            continue
        if entry.content_sha256 is None:
            reader.fail(
                entry.line,
                f"release {entry.version} does not say its content: add a line "
                "`Seed content SHA-256: `<hash>`` (the hash `parley load --check` prints)",
            )
        elif entry.content_sha256 in seen_hashes:
            reader.fail(
                entry.line,
                f"release {entry.version} has the content of release "
                f"{seen_hashes[entry.content_sha256]}; a release changes the content",
            )
        else:
            seen_hashes[entry.content_sha256] = entry.version
        if (
            previous is not None
            and previous.version is not None
            and _version_key(entry.version) >= _version_key(previous.version)
        ):
            reader.fail(
                entry.line,
                f"release {entry.version} is listed below {previous.version}, an earlier one; "
                "releases go newest first",
            )
        previous = entry


def _released_ids(
    seed_dir: Path, entries: list[Entry], errors: list[AnnotationError]
) -> dict[str, dict[str, int]]:
    """Each release's position ids (id → line), from seed/releases/<version>.ids; an error
    for a release without its list and for a list of no release."""
    folder = seed_dir / RELEASES
    versions = {entry.version: entry for entry in entries if entry.version is not None}
    lists: dict[str, dict[str, int]] = {}
    for path in sorted(folder.glob("*.ids")):
        display = f"{seed_dir.name}/{RELEASES}/{path.name}"
        version = path.name.removesuffix(".ids")
        if version not in versions:
            errors.append(AnnotationError(display, 1, None, f"no release {version} in {CHANGELOG}"))
            continue
        try:
            text = read_text(path)
        except UnreadableFile as exc:
            errors.append(AnnotationError(display, exc.line, None, exc.message))
            lists[version] = {}  # reported; not also "has no list"
            continue
        lists[version] = {
            line.strip(): number
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.startswith("#")
        }
    for version, entry in versions.items():
        if version not in lists:
            errors.append(
                AnnotationError(
                    f"{seed_dir.name}/{CHANGELOG}",
                    entry.line,
                    None,
                    f"release {version} has no list of its position ids ({RELEASES}/{version}.ids)",
                )
            )
    return lists


def metadata_sha256(seed_dir: Path) -> str:
    """SHA-256 over the changelog and the id lists: what a load records besides the seed's
    content (the content hash cannot cover the changelog, which records it)."""
    digest = hashlib.sha256()
    for path in [seed_dir / CHANGELOG, *sorted((seed_dir / RELEASES).glob("*.ids"))]:
        if path.is_file():
            digest.update(path.relative_to(seed_dir).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class ReleaseCheck:
    """The changelog and id lists of a seed, read once: `release()` says which release the
    content is (or refuses it); `check_ids()` refuses a seed that lost a released id."""

    def __init__(self, seed_dir: Path) -> None:
        self.seed_dir = seed_dir
        self.display_path = f"{seed_dir.name}/{CHANGELOG}"
        self.errors: list[AnnotationError] = []
        reader = _Reader(self.display_path)
        self.entries: list[Entry] = []
        self.ids: dict[str, dict[str, int]] = {}
        try:
            self.entries = reader.read(read_text(seed_dir / CHANGELOG))
        except UnreadableFile as exc:
            # Nothing else can be checked against a changelog that could not be read.
            self.errors.append(AnnotationError(self.display_path, exc.line, None, exc.message))
            self.readable = False
            return
        self.readable = True
        _check_entries(reader, self.entries)
        self.errors += reader.errors
        self.ids = _released_ids(seed_dir, self.entries, self.errors)

    def release(self, content_sha256: str) -> Release | None:
        """The release the content is, or a development version if the changelog has an
        Unreleased section; None (with an error) otherwise."""
        if not self.readable:
            return None
        releases = [entry for entry in self.entries if entry.version is not None]
        matching = [entry for entry in releases if entry.content_sha256 == content_sha256]
        unreleased = [entry for entry in self.entries if entry.version is None]
        metadata = metadata_sha256(self.seed_dir)
        if matching:
            entry = matching[0]
            described = [e.public() for e in releases[releases.index(entry) :]]
            return Release(entry.version or UNRELEASED, entry.released, described, metadata)
        if unreleased:
            latest = releases[0].version if releases else "0.0.0"
            version = f"{latest}+dev.{content_sha256[:8]}"
            return Release(version, None, [e.public() for e in self.entries], metadata)
        line = releases[0].line if releases else 1
        self.errors.append(
            AnnotationError(
                self.display_path,
                line,
                None,
                f"the seed's content (SHA-256 {content_sha256}) is no release's: say what "
                "changed under a new `## [Unreleased]` section above this one, or release it "
                "as a new version with this content hash",
            )
        )
        return None

    def check_ids(self, position_ids: set[str], release: Release | None) -> None:
        """Every released position id is still in the seed; and the list of the release the
        seed is (if it is one) holds exactly the seed's ids."""
        for version, listed in self.ids.items():
            display = f"{self.seed_dir.name}/{RELEASES}/{version}.ids"
            for position_id, line in listed.items():
                if position_id not in position_ids:
                    self.errors.append(
                        AnnotationError(
                            display,
                            line,
                            f"position {position_id}",
                            f"released in {version}, so it stays: a release keeps every "
                            "position id of the releases before it",
                        )
                    )
            if release is not None and release.version == version:
                unlisted = sorted(position_ids - set(listed))
                if unlisted:
                    self.errors.append(
                        AnnotationError(
                            display,
                            1,
                            None,
                            f"release {version} has positions this list lacks: "
                            + ", ".join(unlisted),
                        )
                    )
