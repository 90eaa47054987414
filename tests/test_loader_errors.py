"""Each kind of annotation mistake is refused with `seed/<file>:<line>: <subject>: <message>`,
by build() and by `parley load`, and a refused load leaves the database exactly as it was.

Every case copies the real seed to a folder named `seed`, changes one file by plain text
replacement (or, for the few a replacement cannot express, by a function), and finds the
expected line number in the changed file's own text.
"""

import hashlib
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy.exc import IntegrityError
from typer.testing import CliRunner

import app.loader.checker as checker_module
from app import migrate
from app.cli import cli
from app.config import get_settings
from app.db import make_engine
from app.loader.build import build, loader_code_hash, seed_content_hash
from app.loader.files import AnnotationError, AnnotationErrors, YamlFile, read_yaml
from app.loader.load import write
from app.loader.rows import referenced_first
from app.vocabulary import Stance
from tests.conftest import SEED_DIR, sqlite_url

POSITIONS = "positions/frus1945v07-d644.yaml"
RECEIVED = "sources/frus1945v07-d644.txt"
SINKIANG = "There was no discussion of the problems in Sinkiang."
RECORDED_SHA256 = "f369bc8105448063c9dccbefe803462c990778bee592ce1c71608371bbbd9912"
APP_TABLES = ("dataset", "document", "issue", "issue_alias", "party", "party_alias", "position")


# -- helpers ---------------------------------------------------------------------------------


@cache
def clean_text() -> str:
    """The clean text of the one document, from the real seed."""
    return build(SEED_DIR).documents[0]["text"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def line_number(content: str, index: int) -> int:
    return content[:index].count("\n") + 1


def line_of(path: Path, text: str) -> int:
    """1-based line of `text`, which must occur exactly once in the file."""
    content = path.read_bytes().decode("utf-8")
    assert content.count(text) == 1, f"{text!r} should occur once in {path}"
    return line_number(content, content.index(text))


def replace_once(path: Path, old: str, new: str) -> int:
    """Replace the one occurrence of `old` (byte-exact otherwise); return the line it began on."""
    content = path.read_bytes().decode("utf-8")
    assert content.count(old) == 1, f"{old!r} should occur once in {path}"
    index = content.index(old)
    path.write_bytes(content.replace(old, new).encode("utf-8"))
    return line_number(content, index)


def line_after(path: Path, anchor: str, text: str) -> int:
    """1-based line of the first `text` after the one occurrence of `anchor`."""
    content = path.read_bytes().decode("utf-8")
    assert content.count(anchor) == 1, f"{anchor!r} should occur once in {path}"
    return line_number(content, content.index(text, content.index(anchor)))


def record_received_sha256(seed: Path) -> None:
    """Record the changed received text's hash, so that what is wrong with it is reported."""
    replace_once(seed / "documents.yaml", RECORDED_SHA256, sha256(seed / RECEIVED))


def copy_seed(tmp_path: Path) -> Path:
    """A copy of the real seed, named `seed` so that errors read `seed/<file>:<line>`."""
    return Path(shutil.copytree(SEED_DIR, tmp_path / "seed"))


def dump(path: Path) -> list[str]:
    """Every row of every table (and the schema), as SQL text."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def rows(path: Path) -> dict[str, list[tuple]]:
    """The rows of every table, in a fixed order. A virtual (FTS5) table is read through its
    own interface, not through its shadow tables, whose bytes depend on the index's history."""
    connection = sqlite3.connect(path)
    try:
        schema = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        virtual = [name for name, sql in schema if sql.upper().startswith("CREATE VIRTUAL TABLE")]
        return {
            name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name, _ in schema
            if not any(name.startswith(f"{table}_") for table in virtual)
        }
    finally:
        connection.close()


def inserts_into(lines: list[str], table: str) -> int:
    return sum(line.startswith(f'INSERT INTO "{table}" ') for line in lines)


def run_cli(monkeypatch: pytest.MonkeyPatch, url: str, *args: str) -> Result:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("SEED_DIR", raising=False)
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli, list(args))
    finally:
        get_settings.cache_clear()


# -- the cases -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    file: str  # the file changed, relative to the seed folder
    old: str | Callable[[str], str]  # occurs exactly once in `file`; a callable finds it there
    new: str
    subject: str | None
    message: str | Callable[[Path], str]  # a callable gets the changed seed folder
    at: str | None = None  # text in `new` on the line the error points at (default: its first)
    points_at: tuple[str, str] | None = None  # (file, unique text) when the error is elsewhere

    def expected(self, seed: Path, replaced_at: int) -> str:
        if self.points_at is not None:
            file, text = self.points_at
            line = line_of(seed / file, text)
        else:
            file = self.file
            offset = self.new.index(self.at) if self.at else 0
            line = replaced_at + self.new[:offset].count("\n")
        message = self.message if isinstance(self.message, str) else self.message(seed)
        where = f"seed/{file}:{line}"
        return f"{where}: {self.subject}: {message}" if self.subject else f"{where}: {message}"


def _sinkiang_context_entry(content: str) -> str:
    """The whole `context` entry for the Sinkiang sentence, up to the next entry or key."""
    start = content.index(f"  - sentence: {SINKIANG}\n")
    lines = content[start:].splitlines(keepends=True)
    entry = lines[0]
    for line in lines[1:]:
        if not line.startswith("    "):
            break
        entry += line
    return entry


def _stance_message(_seed: Path) -> str:
    values = [repr(stance.value) for stance in Stance]
    return f"stance: Input should be {', '.join(values[:-1])} or {values[-1]}"


def _uncovered_message(_seed: Path) -> str:
    offset = clean_text().index(SINKIANG)
    return f"sentence at {offset} is neither quoted nor listed as context: {SINKIANG!r}"


def _sha_message(seed: Path) -> str:
    return f"{RECEIVED} has SHA-256 {sha256(seed / RECEIVED)}, not the recorded one"


CASES = [
    Case(
        "quote-not-found",
        POSITIONS,
        "    quote: Soong contended that the ownership of the railroads should be Chinese\n",
        "    quote: Soong contended that the ownership of the railroads should be Japanese\n",
        "position d644-004",
        "quote not found in the document text",
    ),
    Case(
        "ambiguous-quote",
        POSITIONS,
        "    quote: Stalin agreed to eliminate the word “lease”\n",
        "    quote: Stalin agreed\n",
        "position d644-018",
        "quote occurs 3 times in the document text; give its occurrence (1 to 3)",
    ),
    Case(
        "occurrence-beyond-count",
        POSITIONS,
        "    quote: Stalin agreed to eliminate the word “lease”\n",
        "    quote: Stalin agreed\n    occurrence: 4\n",
        "position d644-018",
        "quote occurs 3 times, so there is no occurrence 4",
    ),
    Case(
        "unknown-party",
        POSITIONS,
        "  - id: d644-001\n    party: stalin\n",
        "  - id: d644-001\n    party: staline\n",
        "position d644-001",
        "unknown party 'staline'",
        at="party:",
    ),
    Case(
        "unknown-issue",
        POSITIONS,
        "    issue: korea\n",
        "    issue: koreas\n",
        "position d644-040",
        "unknown issue 'koreas'",
    ),
    Case(
        # d644-015's sentence is also covered by d644-017, and nothing responds to d644-016.
        "duplicate-position-id",
        POSITIONS,
        "  - id: d644-016\n",
        "  - id: d644-015\n",
        "position d644-015",
        "duplicate position id",
    ),
    Case(
        # Nothing refers to red-army, so dropping it causes no other error.
        "duplicate-party-slug",
        "parties.yaml",
        "- slug: red-army\n",
        "- slug: china\n",
        "party china",
        "duplicate slug 'china'",
    ),
    Case(
        "alias-is-a-later-party-slug",
        "parties.yaml",
        "    - {text: Generalissimo Stalin, kind: text}\n",
        "    - {text: Generalissimo Stalin, kind: text}\n"
        "    - {text: Molotov, kind: editorial, source: variants}\n",
        "party stalin",
        "alias 'Molotov' (molotov) collides with party molotov",
        at="- {text: Molotov",
    ),
    Case(
        "alias-is-an-earlier-party-slug",
        "parties.yaml",
        "  name_in_text: Molotov\n",
        "  name_in_text: Molotov\n  aliases:\n    - {text: STALIN, kind: editorial, source: variants}\n",
        "party molotov",
        "alias 'STALIN' (stalin) collides with party stalin",
        at="- {text: STALIN",
    ),
    Case(
        "alias-is-another-alias",
        "parties.yaml",
        "  name_in_text: China\n",
        "  name_in_text: China\n  aliases:\n    - {text: RUSSIANS, kind: editorial, source: variants}\n",
        "party china",
        "alias 'RUSSIANS' (russians) collides with the alias of party soviet-union",
        at="- {text: RUSSIANS",
    ),
    Case(
        "issue-alias-is-an-issue-slug",
        "issues.yaml",
        "  name: Ownership of the railroads\n",
        "  name: Ownership of the railroads\n"
        "  aliases:\n    - {text: Railroad operation, kind: editorial, source: variants}\n",
        "issue railroad-ownership",
        "alias 'Railroad operation' (railroad-operation) collides with issue railroad-operation",
        at="- {text: Railroad operation",
    ),
    Case(
        "unknown-responds-to",
        POSITIONS,
        "    responds_to: d644-001\n",
        "    responds_to: d644-999\n",
        "position d644-004",
        "responds_to 'd644-999' is not another known position",
    ),
    Case(
        "unknown-outcome-source",
        "issues.yaml",
        "  outcome_source: agreement-changchun-railway\n",
        "  outcome_source: agreement-changchun-railroad\n",
        "issue railroads",
        "unknown editorial source 'agreement-changchun-railroad'",
    ),
    Case(
        "unknown-alias-source",
        "parties.yaml",
        "    - {text: USSR, kind: editorial, source: august-agreements}\n",
        "    - {text: USSR, kind: editorial, source: august-agreement}\n",
        "party soviet-union",
        "unknown editorial source 'august-agreement'",
    ),
    Case(
        "sentence-not-covered",
        POSITIONS,
        _sinkiang_context_entry,
        "",
        None,
        _uncovered_message,
        points_at=(POSITIONS, "document: frus1945v07-d644\n"),
    ),
    Case(
        # d644-016's sentence is also covered by d644-015 and d644-017.
        "invalid-stance",
        POSITIONS,
        "  - id: d644-016\n    party: soong\n    issue: dairen-administration\n"
        "    stance: counter-propose\n",
        "  - id: d644-016\n    party: soong\n    issue: dairen-administration\n"
        "    stance: counter-proposal\n",
        "position d644-016",
        _stance_message,
        at="stance:",
    ),
    Case(
        # Without its text nothing else can be checked, so this is the only error.
        "received-text-changed",
        RECEIVED,
        "for a 45-year period",
        "for a 40-year period",
        "document frus1945v07-d644",
        _sha_message,
        points_at=("documents.yaml", "  received_sha256: "),
    ),
    Case(
        "received-text-missing",
        "documents.yaml",
        "  file: sources/frus1945v07-d644.txt\n",
        "  file: sources/frus1945v07-d645.txt\n",
        "document frus1945v07-d644",
        "sources/frus1945v07-d645.txt is missing",
    ),
    Case(
        "editorial-sources-not-a-mapping",
        "editorial_sources.yaml",
        lambda content: content,  # the whole file
        "# Sources of editorial facts\n- bibliography: Office of the Historian\n",
        None,
        "expected a mapping of source keys to citations",
        at="- bibliography",
    ),
    Case(
        # The parser stops at the `:` on the next line.
        "invalid-yaml",
        "issues.yaml",
        "- slug: railroads\n",
        "- slug: [railroads\n",
        None,
        "invalid YAML: expected ',' or ']', but got ':'",
        points_at=("issues.yaml", "  name: The Chinese Eastern and South Manchurian railroads\n"),
    ),
    Case(
        "positions-header-field",
        POSITIONS,
        "document: frus1945v07-d644\n",
        "document: Not A Slug\n",
        None,
        "document: String should match pattern '^[a-z0-9]+(-[a-z0-9]+)*$'",
    ),
    Case(
        "positions-header-default-attribution",
        POSITIONS,
        "  - {party: soong, to: [harriman], basis: context}\n\ncontext:\n",
        "  - {party: soong, to: [harriman], basis: guessed}\n\ncontext:\n",
        None,
        "default_attribution.0.basis: String should match pattern '^(stated|context)$'",
    ),
    Case(
        "party-affiliated-to-itself",
        "parties.yaml",
        "  kind: person\n  affiliation: soviet-union\n  role: Generalissimo\n",
        "  kind: person\n  affiliation: stalin\n  role: Generalissimo\n",
        "party stalin",
        "affiliation chain returns to party stalin: stalin → stalin",
        at="affiliation:",
    ),
    Case(
        "verb-not-in-paragraph",
        POSITIONS,
        "    stance: concede\n    verb: agreed\n",
        "    stance: concede\n    verb: demanded\n",
        "position d644-018",
        "verb 'demanded' is not in paragraph 3",
        at="verb:",
    ),
    Case(
        # Paragraph 7 has "Soong told him" and "Soong said", but no "told me".
        "attribution-verb-not-in-paragraph",
        POSITIONS,
        "{party: soong, to: [harriman], verb: said, basis: stated}",
        "{party: soong, to: [harriman], verb: told me, basis: stated}",
        "position d644-032",
        "verb 'told me' is not in paragraph 7",
    ),
    Case(
        "status-note-misquotes",
        "issues.yaml",
        '  status_note: >-\n    "There was no discussion of the problems in Sinkiang";',
        '  status_note: >-\n    "There was no discussion of problems in Sinkiang";',
        "issue sinkiang",
        "quotation 'There was no discussion of problems in Sinkiang' is not in the text",
    ),
    Case(
        # The text has ’ (U+2019), not a straight apostrophe.
        "summary-misquotes-an-apostrophe",
        POSITIONS,
        "    summary: Stalin asked about the National Government's attitude toward the Communists.\n",
        '    summary: Stalin asked about "the National Government\'s attitude toward the Communists".\n',
        "position d644-029",
        'quotation "the National Government\'s attitude toward the Communists" is not in the text',
    ),
    Case(
        "note-misquotes-in-curly-quotes",
        POSITIONS,
        """    note: '"his sympathetic attitude" is read""",
        """    note: '“his friendly attitude” is read""",
        "position d644-034",
        "quotation 'his friendly attitude' is not in the text",
    ),
]


# -- mistakes one text replacement cannot make -----------------------------------------------


@dataclass(frozen=True)
class SeedCase:
    id: str
    change: Callable[[Path], list[str]]  # changes the seed folder; returns every error expected


def _issues_file_missing(seed: Path) -> list[str]:
    (seed / "issues.yaml").unlink()
    return ["seed/issues.yaml:1: file is missing"]


def _received_text_error(seed: Path, message: str) -> list[str]:
    record_received_sha256(seed)
    line = line_of(seed / "documents.yaml", "  file: ")
    return [f"seed/documents.yaml:{line}: document frus1945v07-d644: {RECEIVED}: {message}"]


def _page_markers_out_of_sequence(seed: Path) -> list[str]:
    replace_once(seed / RECEIVED, "[Page 914]", "[Page 915]")
    return _received_text_error(seed, "page marker [Page 915] follows page 913")


def _received_text_without_body(seed: Path) -> list[str]:
    content = (seed / RECEIVED).read_bytes().decode("utf-8")
    replace_once(seed / RECEIVED, content[content.index("\n\nStalin, in discussing") :], "\n")
    return _received_text_error(seed, "the text has no body after its heading")


def _affiliations_in_a_cycle(seed: Path) -> list[str]:
    parties = seed / "parties.yaml"
    added = 2 + replace_once(
        parties,
        "  name_in_text: Russia\n  kind: state\n",
        "  name_in_text: Russia\n  kind: state\n  affiliation: molotov\n",
    )
    molotov = line_after(parties, "- slug: molotov\n", "  affiliation: soviet-union\n")
    # Stalin and the Red Army are affiliated to the Soviet Union, in the cycle but not of it.
    return [
        f"seed/parties.yaml:{molotov}: party molotov: "
        "affiliation chain returns to party molotov: molotov → soviet-union → molotov",
        f"seed/parties.yaml:{added}: party soviet-union: affiliation chain returns to party "
        "soviet-union: soviet-union → molotov → soviet-union",
    ]


def _parents_in_a_cycle(seed: Path) -> list[str]:
    issues = seed / "issues.yaml"
    added = 1 + replace_once(
        issues, "- slug: railroads\n", "- slug: railroads\n  parent: railroad-ownership\n"
    )
    ownership = line_of(issues, "  parent: railroads\n  name: Ownership of the railroads\n")
    return [
        f"seed/issues.yaml:{added}: issue railroads: parent chain returns to issue railroads: "
        "railroads → railroad-ownership → railroads",
        f"seed/issues.yaml:{ownership}: issue railroad-ownership: parent chain returns to issue "
        "railroad-ownership: railroad-ownership → railroads → railroad-ownership",
    ]


def _responses_in_a_cycle(seed: Path) -> list[str]:
    positions = seed / POSITIONS
    added = 2 + replace_once(
        positions,
        "be owned by Russia.\n    certainty: stated\n",
        "be owned by Russia.\n    certainty: stated\n    responds_to: d644-004\n",
    )
    reply = line_of(positions, "    responds_to: d644-001\n")
    return [
        f"seed/{POSITIONS}:{added}: position d644-001: responds_to chain returns to position "
        "d644-001: d644-001 → d644-004 → d644-001",
        f"seed/{POSITIONS}:{reply}: position d644-004: responds_to chain returns to position "
        "d644-004: d644-004 → d644-001 → d644-004",
    ]


SEED_CASES = [
    SeedCase("top-level-file-missing", _issues_file_missing),
    SeedCase("page-markers-out-of-sequence", _page_markers_out_of_sequence),
    SeedCase("received-text-without-body", _received_text_without_body),
    SeedCase("affiliations-in-a-cycle", _affiliations_in_a_cycle),
    SeedCase("parents-in-a-cycle", _parents_in_a_cycle),
    SeedCase("responses-in-a-cycle", _responses_in_a_cycle),
]


@pytest.fixture(scope="module", autouse=True)
def parse_each_yaml_text_once() -> Iterator[None]:
    """Each case builds twice, by build() and by `parley load`, from a seed that differs from
    the real one in one file. Parsing YAML is most of a build's time, so each distinct file
    text is parsed once here. The loader never changes what it parsed, so sharing it is safe."""
    parsed: dict[tuple[str, bytes], YamlFile] = {}

    def read_yaml_once(path: Path, display_path: str) -> YamlFile:
        try:
            key = (display_path, path.read_bytes())
        except OSError:
            return read_yaml(path, display_path)  # reports the file as missing or unreadable
        if key not in parsed:
            parsed[key] = read_yaml(path, display_path)
        return parsed[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(checker_module, "read_yaml", read_yaml_once)
        yield


@pytest.fixture(scope="module")
def loaded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated and loaded from the real seed; tests write to copies of it."""
    path = tmp_path_factory.mktemp("loaded") / "template.sqlite3"
    migrate.upgrade(sqlite_url(path))
    engine = make_engine(sqlite_url(path))
    write(engine, build(SEED_DIR))
    engine.dispose()
    assert inserts_into(dump(path), "position") == 40
    return path


@pytest.fixture
def loaded_db(loaded_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copyfile(loaded_template, tmp_path / "loaded.sqlite3"))


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
    issue = replace_once(
        seed / "issues.yaml",
        "  outcome_source: agreement-changchun-railway\n",
        "  outcome_source: agreement-changchun-railroad\n",
    )
    positions = seed / POSITIONS
    replace_once(positions, "railroads should be Chinese\n", "railroads should be Japanese\n")
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


def test_errors_are_printed_verbatim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A location like `issues.yaml:100:` must not be read as the emoji code `:100:`."""
    seed = copy_seed(tmp_path)
    issues = seed / "issues.yaml"
    line = replace_once(
        issues,
        "  outcome_source: agreement-changchun-railway\n",
        "  outcome_source: agreement-changchun-railroad\n",
    )
    issues.write_bytes(b"#\n" * (100 - line) + issues.read_bytes())  # the error moves to line 100
    expected = (
        f"seed/issues.yaml:{line_of(issues, 'agreement-changchun-railroad')}: issue railroads: "
        "unknown editorial source 'agreement-changchun-railroad'"
    )
    assert ":100:" in expected

    result = run_cli(
        monkeypatch,
        sqlite_url(tmp_path / "unused.sqlite3"),
        "load",
        "--check",
        "--seed-dir",
        str(seed),
    )
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [expected, "1 error(s); nothing was written"]


def test_loading_twice_leaves_identical_rows(
    migrated_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "test.sqlite3"
    assert sqlite_url(path) == migrated_url
    version = seed_content_hash(SEED_DIR)
    loaded = (
        "loaded 1 document(s), 14 parties, 27 issues, 40 positions; "
        f"dataset version {version[:12]}\n"
    )

    first = run_cli(monkeypatch, migrated_url, "load")
    assert first.exit_code == 0, first.output
    assert first.stdout == loaded
    after_first = rows(path)
    second = run_cli(monkeypatch, migrated_url, "load")
    assert second.exit_code == 0, second.output
    assert second.stdout == loaded

    assert rows(path) == after_first
    counts = {table: len(table_rows) for table, table_rows in after_first.items()}
    assert {table: counts[table] for table in ("document", "party", "issue", "position")} == {
        "document": 1,
        "party": 14,
        "issue": 27,
        "position": 40,
    }
    with sqlite3.connect(path) as connection:
        recorded = connection.execute("SELECT id, version, loader_sha256 FROM dataset").fetchall()
    assert recorded == [(1, version, loader_code_hash())]
    # The search index holds each position once.
    assert sorted(row[0] for row in after_first["position_fts"]) == sorted(
        row[0] for row in after_first["position"]
    )


def test_load_check_writes_nothing(
    migrated_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "test.sqlite3"
    assert sqlite_url(path) == migrated_url
    before = dump(path)
    assert all(inserts_into(before, table) == 0 for table in APP_TABLES)

    result = run_cli(monkeypatch, migrated_url, "load", "--check")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "annotation is valid: 1 document(s), 14 parties, 27 issues, 40 positions; "
        f"dataset version {seed_content_hash(SEED_DIR)[:12]}\n"
    )
    assert dump(path) == before


def test_load_check_reports_mistakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    seed = copy_seed(tmp_path)
    line = replace_once(
        seed / "issues.yaml",
        "  parent: railroads\n  name: Ownership of the railroads\n",
        "  parent: railways\n  name: Ownership of the railroads\n",
    )
    url = sqlite_url(tmp_path / "unused.sqlite3")

    result = run_cli(monkeypatch, url, "load", "--check", "--seed-dir", str(seed))
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"seed/issues.yaml:{line}: issue railroad-ownership: unknown issue 'railways'",
        "1 error(s); nothing was written",
    ]
    assert not (tmp_path / "unused.sqlite3").exists()


def test_load_before_migrate_says_to_migrate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "data" / "fresh.sqlite3"

    result = run_cli(monkeypatch, sqlite_url(path), "load")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"tables missing: {', '.join(sorted(APP_TABLES))}; run `parley migrate`"
    ]
    assert result.stdout == ""
    assert [line for line in dump(path) if line not in ("BEGIN TRANSACTION;", "COMMIT;")] == []


def test_a_write_that_fails_midway_changes_nothing(loaded_db: Path):
    bundle = build(SEED_DIR)
    bundle.positions[-1] = {**bundle.positions[-1], "party_id": 999}  # no such party
    before = dump(loaded_db)

    engine = make_engine(sqlite_url(loaded_db))
    try:
        with pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"):
            write(engine, bundle)
    finally:
        engine.dispose()
    assert dump(loaded_db) == before
