"""The changelog rule: a seed loads as the release its content is, or, while the changelog
has an Unreleased section, as a development version; otherwise it is refused with
`seed/CHANGELOG.md:<line>: …`. A seed that lacks a released position id is refused too. Each
refusal is checked as the other loader refusals are: by build() and by `parley load`,
which leaves the database as it was."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from app.loader.build import build
from app.loader.hashes import seed_content_hash
from tests.api.expected import changelog, expected_release
from tests.conftest import SEED_DIR
from tests.loader.seed_copies import POSITIONS, copy_seed, line_of, replace_once
from tests.loader.test_refusals import assert_refused

CHANGELOG = "CHANGELOG.md"
UNRELEASED = "## [Unreleased]\n\n"
FIRST = "2026.12.0"
FIRST_HEADING = f"## [{FIRST}] - 2026-12-01\n"
FIRST_IDS = f"releases/{FIRST}.ids"


def change_content(seed: Path) -> str:
    """A comment in issues.yaml: the same rows, content that is no release's."""
    issues = seed / "issues.yaml"
    issues.write_bytes(issues.read_bytes() + b"# a comment changes the content hash\n")
    return seed_content_hash(seed)


def release_current_content(
    seed: Path, version: str, ids: list[str], released: str = "2099-01-01"
) -> int:
    """Change the seed's content and release it as `version`, listing `ids`; the line of its
    heading."""
    content = change_content(seed)
    line = line_of(seed / CHANGELOG, UNRELEASED) + 2
    replace_once(
        seed / CHANGELOG,
        UNRELEASED,
        UNRELEASED + f"## [{version}] - {released}\n\n"
        f"Seed content SHA-256: `{content}`\n\n### Added\n- Everything.\n\n",
    )
    (seed / f"releases/{version}.ids").write_text("".join(f"{i}\n" for i in ids))
    return line


def seed_ids() -> list[str]:
    return [f"d644-{n:03d}" for n in range(1, 41)]


# -- the refusals ----------------------------------------------------------------------------


def latest_release_heading(seed: Path) -> tuple[int, str]:
    """(line, version) of the first release heading of the seed's changelog."""
    lines = (seed / CHANGELOG).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if found := re.fullmatch(r"## \[(\d[^\]]*)\] - .*", line):
            return number, found[1]
    raise AssertionError("no release in the changelog")


def _changed_without_unreleased(seed: Path) -> list[str]:
    replace_once(seed / CHANGELOG, UNRELEASED, "")
    content = change_content(seed)
    line, _ = latest_release_heading(seed)
    return [
        f"seed/{CHANGELOG}:{line}: the seed's content (SHA-256 {content}) is no release's: say "
        "what changed under a new `## [Unreleased]` section above this one, or release it as "
        "a new version with this content hash"
    ]


def _changelog_missing(seed: Path) -> list[str]:
    (seed / CHANGELOG).unlink()
    return [f"seed/{CHANGELOG}:1: file is missing"]


def _released_id_dropped(seed: Path) -> list[str]:
    replace_once(seed / POSITIONS, "  - id: d644-040\n", "  - id: d644-041\n")
    line = line_of(seed / FIRST_IDS, "d644-040\n")
    return [
        f"seed/{FIRST_IDS}:{line}: position d644-040: released in {FIRST}, so it stays: a "
        "release keeps every position id of the releases before it"
    ]


def _release_list_lacks_an_id(seed: Path) -> list[str]:
    release_current_content(seed, "2099.1.0", seed_ids()[:-1])
    return [
        "seed/releases/2099.1.0.ids:1: release 2099.1.0 has positions this list lacks: d644-040"
    ]


def _release_without_content_or_ids(seed: Path) -> list[str]:
    line = line_of(seed / CHANGELOG, UNRELEASED) + 2
    replace_once(
        seed / CHANGELOG,
        UNRELEASED,
        UNRELEASED + "## [2099.1.0] - 2099-01-01\n\n### Added\n- X.\n\n",
    )
    return [
        f"seed/{CHANGELOG}:{line}: release 2099.1.0 does not say its content: add a line "
        "`Seed content SHA-256: `<hash>`` (the hash `parley load --check` prints)",
        f"seed/{CHANGELOG}:{line}: release 2099.1.0 has no list of its position ids "
        "(releases/2099.1.0.ids)",
    ]


def _heading_out_of_form(seed: Path) -> list[str]:
    line = replace_once(seed / CHANGELOG, FIRST_HEADING, "## [v2026.12.0] - 2026-12-01\n")
    return [
        f"seed/{CHANGELOG}:{line}: a release heading reads `## [YYYY.M.N] - YYYY-MM-DD` or "
        "`## [Unreleased]`, not '## [v2026.12.0] - 2026-12-01'",
        f"seed/{FIRST_IDS}:1: no release {FIRST} in {CHANGELOG}",
    ]


def _version_not_of_its_month(seed: Path) -> list[str]:
    line = replace_once(seed / CHANGELOG, FIRST_HEADING, "## [2026.11.0] - 2026-12-01\n")
    (seed / FIRST_IDS).rename(seed / "releases/2026.11.0.ids")
    return [
        f"seed/{CHANGELOG}:{line}: release 2026.11.0 is dated 2026-12-01: its year and month "
        "must agree"
    ]


def _unknown_section(seed: Path) -> list[str]:
    line = 2 + replace_once(
        seed / CHANGELOG, UNRELEASED, "## [Unreleased]\n\n### Removed\n- d644-040, by mistake.\n\n"
    )
    return [f"seed/{CHANGELOG}:{line}: unknown section 'Removed'; use Added, Changed, Corrected"]


def _unreleased_after_a_release(seed: Path) -> list[str]:
    replace_once(seed / CHANGELOG, UNRELEASED, "")
    content = (seed / CHANGELOG).read_text(encoding="utf-8")
    (seed / CHANGELOG).write_text(content + "\n## [Unreleased]\n")
    line = len((seed / CHANGELOG).read_text(encoding="utf-8").splitlines())
    return [f"seed/{CHANGELOG}:{line}: the Unreleased section comes first, and only once"]


def _releases_out_of_order(seed: Path) -> list[str]:
    _, latest = latest_release_heading(seed)
    release_current_content(seed, "2000.1.0", seed_ids(), released="2000-01-01")
    line = line_of(seed / CHANGELOG, f"## [{latest}] - ")
    return [
        f"seed/{CHANGELOG}:{line}: release {latest} is listed below 2000.1.0, an earlier one; "
        "releases go newest first"
    ]


def _content_line_out_of_form(seed: Path) -> list[str]:
    heading = line_of(seed / CHANGELOG, FIRST_HEADING)
    line = replace_once(
        seed / CHANGELOG,
        "Seed content SHA-256: `be28e1c6335e706cdad70beabdcbbf6dd35091e59ac7c303453d8b5735f3484e`",
        "Seed content SHA-256: `22a0994e2326`",
    )
    return [
        f"seed/{CHANGELOG}:{heading}: release {FIRST} does not say its content: add a line "
        "`Seed content SHA-256: `<hash>`` (the hash `parley load --check` prints)",
        f"seed/{CHANGELOG}:{line}: the content line reads "
        "`Seed content SHA-256: `<64 hex digits>``",
    ]


REFUSALS: list[tuple[str, Callable[[Path], list[str]]]] = [
    ("content-changed-without-unreleased", _changed_without_unreleased),
    ("changelog-missing", _changelog_missing),
    ("released-position-id-dropped", _released_id_dropped),
    ("release-list-lacks-an-id", _release_list_lacks_an_id),
    ("release-without-content-or-ids", _release_without_content_or_ids),
    ("heading-out-of-form", _heading_out_of_form),
    ("version-not-of-its-month", _version_not_of_its_month),
    ("unknown-section", _unknown_section),
    ("unreleased-after-a-release", _unreleased_after_a_release),
    ("releases-out-of-order", _releases_out_of_order),
    ("content-line-out-of-form", _content_line_out_of_form),
]


@pytest.mark.parametrize(("name", "change"), REFUSALS, ids=[name for name, _ in REFUSALS])
def test_release_mistake_is_refused_with_its_location(
    name: str,
    change: Callable[[Path], list[str]],
    tmp_path: Path,
    loaded_db: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    seed = copy_seed(tmp_path)
    expected = change(seed)
    assert expected, name
    assert_refused(seed, expected, loaded_db, monkeypatch)


# -- what loads -------------------------------------------------------------------------------


def test_the_committed_seed_loads_as_the_release_its_changelog_names():
    release = build(SEED_DIR).release
    assert release is not None
    version, released, notes = expected_release()
    assert (release.version, release.released and release.released.isoformat()) == (
        version,
        released,
    )
    assert release.notes == notes


def test_an_edited_seed_loads_as_a_development_version_with_the_unreleased_notes(
    tmp_path: Path,
):
    seed = copy_seed(tmp_path)
    replace_once(seed / CHANGELOG, UNRELEASED, "## [Unreleased]\n\n### Added\n- A comment.\n\n")
    content = change_content(seed)
    release = build(seed).release
    assert release is not None
    latest = next(e["version"] for e in changelog() if e["version"] != "Unreleased")
    assert release.version == f"{latest}+dev.{content[:8]}"
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+\+dev\.[0-9a-f]{8}", release.version)
    assert release.released is None
    assert release.notes[0] == {
        "version": "Unreleased",
        "date": None,
        "content_sha256": None,
        "summary": None,
        "added": ["A comment."],
        "changed": [],
        "corrected": [],
    }
    assert [notes["version"] for notes in release.notes[1:]] == [
        e["version"] for e in changelog() if e["version"] != "Unreleased"
    ]


def test_a_seed_released_without_an_unreleased_section_loads_as_that_release(tmp_path: Path):
    seed = copy_seed(tmp_path)
    release_current_content(seed, "2099.1.0", seed_ids())
    replace_once(seed / CHANGELOG, UNRELEASED, "")
    release = build(seed).release
    assert release is not None
    assert (release.version, str(release.released)) == ("2099.1.0", "2099-01-01")
    assert [notes["version"] for notes in release.notes][:2] == ["2099.1.0", FIRST]
    assert release.notes[0]["added"] == ["Everything."]
