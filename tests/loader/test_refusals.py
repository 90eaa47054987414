"""Each kind of annotation mistake is refused with `seed/<file>:<line>: <subject>: <message>`,
by build() and by `parley load`, and a refused load leaves the database exactly as it was;
the errors come in file and line order.
"""

from pathlib import Path

import pytest

from app.loader.build import build
from app.loader.files import AnnotationError, AnnotationErrors
from app.loader.rows import referenced_first
from tests.conftest import SEED_DIR, sqlite_url
from tests.loader.mistakes import (
    CASES,
    SEED_CASES,
    Case,
    SeedCase,
    _sinkiang_context_entry,
    _uncovered_message,
)
from tests.loader.seed_copies import (
    POSITIONS,
    SINKIANG,
    clean_text,
    copy_seed,
    dump,
    line_of,
    replace_once,
    run_cli,
)

# -- tests -----------------------------------------------------------------------------------


def test_case_premises_hold_in_the_clean_text():
    text = clean_text()
    assert text.count("Stalin agreed") == 3
    assert "Soong contended that the ownership of the railroads should be Chinese" in text
    assert "should be Japanese" not in text
    assert text.count(SINKIANG) == 1
    assert "stance: counter-proposal" not in (SEED_DIR / POSITIONS).read_text(encoding="utf-8")


def test_the_real_seed_builds():
    bundle = build(SEED_DIR)
    assert (len(bundle.documents), len(bundle.parties), len(bundle.issues)) == (1, 14, 27)
    assert len(bundle.positions) == 40


def assert_refused(
    seed: Path, expected: list[str], loaded_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build() raises exactly the `expected` errors; `parley load` prints them and exits 1,
    leaving the database as it was."""
    with pytest.raises(AnnotationErrors) as caught:
        build(seed)
    errors = [str(error) for error in caught.value.errors]
    assert errors == expected

    before = dump(loaded_db)
    result = run_cli(monkeypatch, sqlite_url(loaded_db), "load", "--seed-dir", str(seed))
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [*errors, f"{len(errors)} error(s); nothing was written"]
    assert result.stdout == ""
    assert dump(loaded_db) == before


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_mistake_is_refused_with_its_location(
    case: Case, tmp_path: Path, loaded_db: Path, monkeypatch: pytest.MonkeyPatch
):
    seed = copy_seed(tmp_path)
    old = case.old
    if callable(old):
        old = old((seed / case.file).read_bytes().decode("utf-8"))
    replaced_at = replace_once(seed / case.file, old, case.new)
    expected = case.expected(seed, replaced_at)
    assert_refused(seed, [expected], loaded_db, monkeypatch)


@pytest.mark.parametrize("case", SEED_CASES, ids=lambda case: case.id)
def test_seed_mistake_is_refused_with_its_location(
    case: SeedCase, tmp_path: Path, loaded_db: Path, monkeypatch: pytest.MonkeyPatch
):
    seed = copy_seed(tmp_path)
    assert_refused(seed, case.change(seed), loaded_db, monkeypatch)


def test_errors_come_in_file_and_line_order(tmp_path: Path):
    """The loader finds mistakes in parties before issues, and a positions file's uncovered
    sentences (reported at its `document:` line) last; it reports them by file and line."""
    seed = copy_seed(tmp_path)
    party = 1 + replace_once(
        seed / "parties.yaml",
        "  kind: armed-force\n  affiliation: soviet-union\n",
        "  kind: armed-force\n  affiliation: soviet-unions\n",
    )
    issue = 1 + replace_once(  # the parent railroads' source line
        seed / "issues.yaml",
        "    wholly China's.\n  outcome_source: agreement-changchun-railway\n",
        "    wholly China's.\n  outcome_source: agreement-changchun-railroad\n",
    )
    positions = seed / POSITIONS
    replace_once(
        positions,
        "railroads should be Chinese\n    summary",
        "railroads should be Japanese\n    summary",
    )
    replace_once(positions, _sinkiang_context_entry(positions.read_text(encoding="utf-8")), "")
    quote = line_of(positions, "railroads should be Japanese\n")
    document = line_of(positions, "document: frus1945v07-d644\n")
    assert document < quote

    with pytest.raises(AnnotationErrors) as caught:
        build(seed)
    assert [str(error) for error in caught.value.errors] == [
        f"seed/issues.yaml:{issue}: issue railroads: "
        "unknown editorial source 'agreement-changchun-railroad'",
        f"seed/parties.yaml:{party}: party red-army: unknown party 'soviet-unions'",
        f"seed/{POSITIONS}:{document}: {_uncovered_message(seed)}",
        f"seed/{POSITIONS}:{quote}: position d644-004: quote not found in the document text",
    ]


def test_errors_are_sorted_by_file_then_line_number_and_stably():
    def error(file: str, line: int, message: str) -> AnnotationError:
        return AnnotationError(file, line, None, message)

    found = [
        error("seed/b.yaml", 2, "first on b:2"),
        error("seed/a.yaml", 10, "a:10"),
        error("seed/b.yaml", 2, "second on b:2"),
        error("seed/a.yaml", 9, "a:9"),
    ]
    assert [str(e) for e in AnnotationErrors(found).errors] == [
        "seed/a.yaml:9: a:9",
        "seed/a.yaml:10: a:10",
        "seed/b.yaml:2: first on b:2",
        "seed/b.yaml:2: second on b:2",
    ]


def test_rows_come_after_the_rows_they_reference_and_each_once():
    rows = [
        {"id": 1, "ref": 2},
        {"id": 2, "ref": 1},  # a cycle (refused by validation, but never a duplicate row)
        {"id": 3, "ref": 3},  # itself
        {"id": 4, "ref": 5},
        {"id": 5, "ref": None},
        {"id": 6, "ref": 99},  # no such row
    ]
    ordered = [row["id"] for row in referenced_first(rows, "id", "ref")]
    assert sorted(ordered) == [1, 2, 3, 4, 5, 6]
    assert ordered.index(5) < ordered.index(4)
