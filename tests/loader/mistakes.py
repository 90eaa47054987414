"""The annotation mistakes the loader must refuse, each with the error it must report.

Every case copies the real seed to a folder named `seed`, changes one file by plain text
replacement (or, for the few a replacement cannot express, by a function), and finds the
expected line number in the changed file's own text.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.vocabulary import Stance
from tests.loader.seed_copies import (
    POSITIONS,
    RECEIVED,
    SINKIANG,
    clean_text,
    line_after,
    line_of,
    record_received_sha256,
    replace_once,
    sha256,
)

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
        "    responds_to: [d644-001]\n",
        "    responds_to: [d644-999]\n",
        "position d644-004",
        "responds_to 'd644-999' is not another known position",
    ),
    Case(
        "responds-to-twice",
        POSITIONS,
        "    responds_to: [d644-030, d644-031]\n",
        "    responds_to: [d644-030, d644-030]\n",
        "position d644-032",
        "responds_to names 'd644-030' twice",
    ),
    Case(
        "reported-without-an-intermediary",
        POSITIONS,
        "    evidence: stated\n    mode: believed\n    mode_words: understands\n",
        "    evidence: reported\n    mode: believed\n    mode_words: understands\n",
        "position d644-038",
        "evidence 'reported' needs an attribution link with basis 'stated'",
    ),
    Case(
        "stated-through-an-intermediary",
        POSITIONS,
        "    evidence: reported\n    mode: appeared\n",
        "    evidence: stated\n    mode: appeared\n",
        "position d644-032",
        "evidence 'stated', but the attribution chain states an intermediary: the evidence is "
        "'reported'",
    ),
    Case(
        "inferred-without-a-note",
        POSITIONS,
        "    evidence: inferred\n    mode: asserted\n    note: >-\n"
        "      The sentence has no verb of saying; it continues Stalin's terms for Dairen from the\n"
        "      preceding sentence, and Soong's contrary view follows.\n",
        "    evidence: inferred\n    mode: asserted\n",
        "position d644-014",
        "evidence 'inferred' needs a note saying how the party is read",
    ),
    Case(
        "mode-without-its-words",
        POSITIONS,
        "    mode: feared\n    mode_words: is fearful\n",
        "    mode: feared\n",
        "position d644-040",
        "mode 'feared' without its mode_words",
    ),
    Case(
        "mode-words-not-in-the-sentence",
        POSITIONS,
        "    mode: feared\n    mode_words: is fearful\n",
        "    mode: feared\n    mode_words: is afraid\n",
        "position d644-040",
        "mode_words 'is afraid' are not in the quote's sentence",
        at="    mode_words",
    ),
    Case(
        "mode-words-with-asserted",
        POSITIONS,
        "    mode: believed\n    mode_words: understands\n",
        "    mode: asserted\n    mode_words: understands\n",
        "position d644-038",
        "mode_words without a mode other than 'asserted'",
        at="    mode_words",
    ),
    Case(
        "one-wording-two-modes",
        POSITIONS,
        '    mode: wanted\n    mode_words: is anxious to know\n    note: \'"we"',
        '    mode: believed\n    mode_words: is anxious to know\n    note: \'"we"',
        "position d644-024",
        "mode_words 'is anxious to know' are coded 'wanted' in position d644-023: one wording "
        "has one mode wherever it occurs",
        at="    mode_words",
    ),
    Case(
        "wikidata-without-source",
        "parties.yaml",
        "  wikidata: Q855\n  wikidata_source: wikidata-stalin\n",
        "  wikidata: Q855\n",
        "party stalin",
        "editorial fact without a source",
        points_at=("parties.yaml", "- slug: stalin\n"),
    ),
    Case(
        "wikidata-unknown-source",
        "parties.yaml",
        "  wikidata_source: wikidata-stalin\n",
        "  wikidata_source: wikidata-stallin\n",
        "party stalin",
        "unknown editorial source 'wikidata-stallin'",
    ),
    Case(
        "wikidata-for-a-government",
        "parties.yaml",
        "  name_in_text: Chinese National Government\n",
        "  name_in_text: Chinese National Government\n"
        "  wikidata: Q1\n  wikidata_source: wikidata-stalin\n",
        "party national-government",
        "a party of kind government has no Wikidata id (people and states do)",
        at="  wikidata:",
    ),
    Case(
        "colour-too-light-for-white-initials",
        "parties.yaml",
        '  colour: "#1d5fa6"\n',
        '  colour: "#ffd700"\n',
        "party soong",
        "#ffd700 has 1.40:1 contrast with white; WCAG AA needs 4.5:1",
    ),
    Case(
        "wikidata-of-another-party",
        "parties.yaml",
        "  wikidata: Q11613\n",
        "  wikidata: Q855\n",
        "party truman",
        "Q855 is party stalin's already",
    ),
    Case(
        "frus-id-not-the-url",
        "documents.yaml",
        "  frus_id: frus1945v07-d644",
        "  frus_id: frus1945v07-d645",
        "document frus1945v07-d644",
        "frus_id frus1945v07-d645 names "
        "https://history.state.gov/historicaldocuments/frus1945v07/d645, not the url",
    ),
    Case(
        "unknown-outcome-source",
        "issues.yaml",
        "    wholly China's.\n  outcome_source: agreement-changchun-railway\n",
        "    wholly China's.\n  outcome_source: agreement-changchun-railroad\n",
        "issue railroads",
        "unknown editorial source 'agreement-changchun-railroad'",
        at="  outcome_source",
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
        "default_attribution.0.basis: Input should be 'stated' or 'context'",
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
    # -- scales, salience, outcomes and statuses (issue 9) --------------------------------------
    Case(
        "scale-point-without-words",
        POSITIONS,
        "    scale_point: 1\n    scale_words: both countries could have naval facilities\n",
        "    scale_point: 1\n",
        "position d644-019",
        "scale point without its words",
    ),
    Case(
        "scale-words-not-in-the-sentence",
        POSITIONS,
        "    scale_words: both countries could have naval facilities\n",
        "    scale_words: both countries could have naval bases\n",
        "position d644-019",
        "scale_words 'both countries could have naval bases' are not in the quote's sentence",
    ),
    Case(
        # The words are in the telegram, but in another sentence than the quote's.
        "scale-words-from-another-sentence",
        POSITIONS,
        "    scale_words: both countries could have naval facilities\n",
        "    scale_words: for a 45-year period\n",
        "position d644-019",
        "scale_words 'for a 45-year period' are not in the quote's sentence",
    ),
    Case(
        "scale-point-off-the-scale",
        POSITIONS,
        "    scale_point: 1\n    scale_words: both countries could have naval facilities\n",
        "    scale_point: 2\n    scale_words: both countries could have naval facilities\n",
        "position d644-019",
        "point 2 is not on the scale of issue port-arthur-naval-facilities (0 to 1)",
    ),
    Case(
        "scale-point-on-an-issue-without-a-scale",
        POSITIONS,
        "    quote: Molotov raised the question of control of the coal production for the operation of the railroad\n",
        "    quote: Molotov raised the question of control of the coal production for the operation of the railroad\n"
        "    scale_point: 0\n    scale_words: control of the coal production\n",
        "position d644-008",
        "issue railroad-coal has no scale",
        at="    scale_point",
    ),
    Case(
        "salience-without-words",
        POSITIONS,
        "    salience: high\n    salience_words: He is fearful\n",
        "    salience: high\n",
        "position d644-040",
        "salience without its words",
    ),
    Case(
        "salience-words-not-in-the-sentence",
        POSITIONS,
        "    salience_words: He is fearful\n",
        "    salience_words: He is most anxious\n",
        "position d644-040",
        "salience_words 'He is most anxious' are not in the quote's sentence",
    ),
    Case(
        "outcome-point-without-a-source",
        "issues.yaml",
        "mention 45.\n  outcome_source: agreement-dairen\n  outcome_point: 2\n",
        "mention 45.\n  outcome_point: 2\n",
        "issue agreement-term",
        "editorial fact without a source",
        points_at=("issues.yaml", "  outcome: >-\n    30 years (Agreement concerning Dairen"),
    ),
    Case(
        "outcome-point-off-the-scale",
        "issues.yaml",
        "mention 45.\n  outcome_source: agreement-dairen\n  outcome_point: 2\n",
        "mention 45.\n  outcome_source: agreement-dairen\n  outcome_point: 3\n",
        "issue agreement-term",
        "point 3 is not on the scale of issue agreement-term (0 to 2)",
        at="  outcome_point",
    ),
    Case(
        "reference-point-without-a-source",
        "issues.yaml",
        "    quote: the pre-eminent interests of the Soviet Union in this port being safeguarded\n"
        "    source: yalta-agreement\n",
        "    quote: the pre-eminent interests of the Soviet Union in this port being safeguarded\n",
        "issue dairen-soviet-rights",
        "editorial fact without a source",
        points_at=("issues.yaml", "  reference_point:\n    point: 1\n"),
    ),
    Case(
        "hand-written-parent-status",
        "issues.yaml",
        "  description: Ownership, operation, management and use of the two Manchurian railroads.\n",
        "  description: Ownership, operation, management and use of the two Manchurian railroads.\n"
        "  status: disputed\n",
        "issue railroads",
        "a parent issue's status is computed from its sub-issues; do not write it",
        at="  status:",
    ),
    Case(
        "leaf-without-status",
        "issues.yaml",
        "  status: reported-belief\n",
        "",
        "issue korea-soviet-trained-forces",
        "a leaf issue needs a status",
        points_at=("issues.yaml", "- slug: korea-soviet-trained-forces\n"),
    ),
    Case(
        "leaf-partly-agreed",
        "issues.yaml",
        "  status: reported-belief\n",
        "  status: partly-agreed\n",
        "issue korea-soviet-trained-forces",
        "partly-agreed is computed for parent issues only",
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
    # railroad-ownership is now a parent, so its written status is refused too.
    status = line_of(issues, "  status: disputed\n  status_note: Stalin proposed Russian ownership")
    return [
        f"seed/issues.yaml:{added}: issue railroads: parent chain returns to issue railroads: "
        "railroads → railroad-ownership → railroads",
        f"seed/issues.yaml:{ownership}: issue railroad-ownership: parent chain returns to issue "
        "railroad-ownership: railroad-ownership → railroads → railroad-ownership",
        f"seed/issues.yaml:{status}: issue railroad-ownership: a parent issue's status is "
        "computed from its sub-issues; do not write it",
    ]


def _responses_in_a_cycle(seed: Path) -> list[str]:
    positions = seed / POSITIONS
    added = 3 + replace_once(
        positions,
        "be owned by Russia.\n    evidence: stated\n    mode: asserted\n",
        "be owned by Russia.\n    evidence: stated\n    mode: asserted\n"
        "    responds_to: [d644-004]\n",
    )
    reply = line_of(positions, "    responds_to: [d644-001]\n")
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
