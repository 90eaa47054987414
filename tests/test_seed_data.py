"""The loaded dataset against the telegram itself: exact positions, verbatim quotes at their
spans, pages consistent with the page breaks, every sentence accounted for."""

import hashlib
import re

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app import seed_readme
from app.loader.text import parse_received_text
from app.models import Document, Issue, Party, Position, PositionResponse
from app.vocabulary import VOCABULARIES, Stance, Vocabulary
from tests.conftest import SEED_DIR

RAW = (SEED_DIR / "sources" / "frus1945v07-d644.txt").read_text(encoding="utf-8")
# Computed here independently of app/loader/text.py: drop each marker and the space after it.
CLEAN = re.sub(r"\[Page \d+\] ", "", RAW)


def test_source_is_kept_byte_for_byte():
    digest = hashlib.sha256((SEED_DIR / "sources" / "frus1945v07-d644.txt").read_bytes())
    assert digest.hexdigest() == "f369bc8105448063c9dccbefe803462c990778bee592ce1c71608371bbbd9912"


def test_document_text_and_page_breaks(session: Session):
    document = session.scalars(select(Document)).one()
    assert document.slug == "frus1945v07-d644"
    assert document.text == CLEAN
    assert document.page_breaks == [
        {"page": 912, "offset": 0},
        {"page": 913, "offset": 549},
        {"page": 914, "offset": 3176},
    ]
    assert CLEAN[549:].startswith("joint responsibility and a mixed management")
    assert CLEAN[3176:].startswith("said Stalin appeared to agree in principle")
    assert len(document.paragraphs) == 9
    assert document.source_note == "Moscow Embassy Files—710 Sino-Soviet Relations: Telegram"
    assert document.heading.startswith("The Ambassador in the Soviet Union (Harriman)")
    assert document.editorial_date.isoformat() == "1945-07-03"


def test_counts(session: Session):
    assert len(session.scalars(select(Position)).all()) == 40
    assert len(session.scalars(select(Party)).all()) == 14
    assert len(session.scalars(select(Issue)).all()) == 27


# (id, party, issue, stance, quote, span start, span end, pages, paragraph)
KNOWN = [
    ("d644-004", "soong", "railroad-ownership", "counter-propose",
     "Soong contended that the ownership of the railroads should be Chinese", 413, 482, [912], 1),
    ("d644-005", "soong", "railroad-operation", "counter-propose",
     "and that they should be operated by a Soviet-Chinese company with joint responsibility",
     483, 569, [912, 913], 1),
    ("d644-018", "stalin", "port-arthur-lease", "concede",
     "Stalin agreed to eliminate the word “lease”", 1630, 1673, [913], 3),
    ("d644-032", "stalin", "chinese-communists", "accept",
     "Stalin appeared to agree in principle", 3181, 3218, [914], 7),
    ("d644-040", "soong", "korea", "express-concern",
     "He is fearful that under these conditions the Soviets will obtain domination of Korean "
     "affairs even with a 4-power trusteeship", 4250, 4376, [914], 9),
]  # fmt: skip


@pytest.mark.parametrize(("position_id", "party", "issue", "stance", "quote", "start", "end",
                          "pages", "paragraph"), KNOWN)  # fmt: skip
def test_known_positions(session: Session, position_id, party, issue, stance, quote, start, end,
                         pages, paragraph):  # fmt: skip
    position = session.get(Position, position_id)
    assert position is not None
    assert (position.party.slug, position.issue.slug, position.stance) == (party, issue, stance)
    assert position.quote == quote
    assert (position.span_start, position.span_end) == (start, end)
    assert CLEAN[start:end] == quote
    assert list(range(position.page_start, position.page_end + 1)) == pages
    assert position.paragraph == paragraph


def test_attribution_chains_close_with_the_telegram(session: Session):
    for position in session.scalars(select(Position)):
        assert position.attribution[-1] == {
            "party": "harriman", "to": ["truman", "secretary-of-state"], "verb": None,
            "basis": "stated",
        }  # fmt: skip
    chiang = session.get(Position, "d644-030")
    assert chiang.party.slug == "chiang-kai-shek"
    assert [link["party"] for link in chiang.attribution] == ["soong", "soong", "harriman"]
    assert chiang.attribution[0] == {"party": "soong", "to": ["stalin"], "verb": "told",
                                     "basis": "stated"}  # fmt: skip
    reply = session.get(Position, "d644-022")
    assert reply.party.slug == "harriman"
    assert reply.addressee.slug == "soong"
    assert session.scalars(
        select(PositionResponse.responds_to_id).where(PositionResponse.position_id == reply.id)
    ).all() == ["d644-021"]
    assert len(reply.attribution) == 1


def test_every_quote_is_verbatim_at_its_span_and_on_its_pages(session: Session):
    breaks = [(912, 0), (913, 549), (914, 3176), (915, len(CLEAN))]
    for position in session.scalars(select(Position)):
        assert CLEAN[position.span_start : position.span_end] == position.quote, position.id
        on_pages = [
            page for (page, begin), (_, finish) in zip(breaks, breaks[1:], strict=False)
            if position.span_start < finish and position.span_end > begin
        ]  # fmt: skip
        assert on_pages == list(range(position.page_start, position.page_end + 1)), position.id


def test_every_sentence_is_quoted_or_context(session: Session):
    parsed = parse_received_text(RAW, first_page=912, heading_line_count=2)
    sentences = parsed.sentences()
    assert len(sentences) == 30
    spans = [(p.span_start, p.span_end) for p in session.scalars(select(Position))]
    context = [
        "There was no attempt to arrive at a decision as these discussions were of an "
        "exploratory nature.",
        "Again this discussion appeared to be preliminary.",
        "There was no discussion of the problems in Sinkiang.",
    ]
    uncovered = [
        CLEAN[s.start : s.end] for s in sentences
        if not any(start < s.end and end > s.start for start, end in spans)
    ]  # fmt: skip
    assert uncovered == context


def test_generalissimo_is_resolved_by_context(session: Session):
    """The text's "Generalissimo Stalin" (paragraph 4) and "the Generalissimo" (paragraphs 7, 8) differ."""
    assert session.get(Position, "d644-020").party.slug == "stalin"
    for position_id in ("d644-030", "d644-031", "d644-033", "d644-034"):
        assert session.get(Position, position_id).party.slug == "chiang-kai-shek"


def test_seed_readme_tables_are_generated_from_the_vocabularies():
    """No definition is written twice: seed/README.md's tables are app/vocabulary.py's, as
    `parley codebook --write` writes them (run `make codebook` when this fails)."""
    readme = (SEED_DIR / "README.md").read_text(encoding="utf-8")
    assert seed_readme.with_tables(readme) == readme
    assert seed_readme.is_current(SEED_DIR)
    for listed in VOCABULARIES:
        block = readme.split(seed_readme.begin_marker(listed.name))[1]
        block = block.split(seed_readme.end_marker(listed.name))[0]
        rows = re.findall(r"^\| `([a-z-]+)` \| (.+) \|$", block, flags=re.MULTILINE)
        assert rows == [(term.value, term.definition) for term in listed.vocabulary]


def test_every_vocabulary_is_listed_and_defined():
    assert {listed.vocabulary for listed in VOCABULARIES} == set(Vocabulary.__subclasses__())
    for listed in VOCABULARIES:
        assert len(listed.vocabulary) >= 2, listed.name
        for term in listed.vocabulary:
            assert term.definition.strip() == term.definition != "", (listed.name, term)


def test_a_stale_seed_readme_is_found_and_rewritten(tmp_path):
    readme = (SEED_DIR / "README.md").read_text(encoding="utf-8")
    stale = readme.replace(Stance.CONCEDE.definition, "gives in", 1)
    assert stale != readme
    (tmp_path / "README.md").write_text(stale, encoding="utf-8")
    assert not seed_readme.is_current(tmp_path)
    assert seed_readme.write(tmp_path) is True
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == readme
    (tmp_path / "README.md").write_text(readme.replace("<!-- /codebook: mode -->", ""))
    with pytest.raises(seed_readme.MissingTable, match="codebook: mode"):
        seed_readme.is_current(tmp_path)


def test_editorial_facts_carry_sources(session: Session):
    for issue in session.scalars(select(Issue)):
        assert (issue.editorial_outcome is None) == (issue.editorial_outcome_source is None)
    port_arthur = session.scalars(select(Issue).where(Issue.slug == "port-arthur")).one()
    assert port_arthur.editorial_outcome_source.startswith(
        "Agreement on Port Arthur, 14 August 1945 (United Nations Treaty Series vol. 10)"
    )
    assert "https://zh.wikisource.org/wiki/關於旅順口之協定" in port_arthur.editorial_outcome_source
    referenced = [i for i in session.scalars(select(Issue)) if i.reference_point is not None]
    assert len(referenced) == 4
    for issue in referenced:
        assert issue.reference_point["source"].startswith("Agreement regarding the entry")
        assert "(secondary:" in issue.reference_point["source"], issue.slug
    assert {alias.slug for alias in port_arthur.aliases} == {
        "lushun", "lushunkou", "ryojun", "port-artur"}  # fmt: skip


def test_every_verb_is_in_its_quotes_paragraph(session: Session):
    """The position's verb, and each reporting verb of its attribution, is the telegram's own."""
    document = session.scalars(select(Document)).one()
    paragraphs = {p["number"]: CLEAN[p["start"] : p["end"]] for p in document.paragraphs}
    for position in session.scalars(select(Position)):
        verbs = [position.verb, *(link["verb"] for link in position.attribution)]
        for verb in verbs:
            assert verb is None or verb in paragraphs[position.paragraph], (position.id, verb)


def test_quotations_in_editorial_text_are_verbatim(session: Session):
    """A fragment of three or more words in double quotes is the telegram's words exactly."""
    editorial = [issue.status_note for issue in session.scalars(select(Issue))]
    for position in session.scalars(select(Position)):
        editorial += [position.summary, position.editorial_note or ""]
    quoted = [
        fragment
        for text in editorial
        for pair in re.findall(r'"([^"]*)"|“([^”]*)”', text)  # (straight, curly); one is ""
        for fragment in pair
        if len(fragment.split()) >= 3
    ]
    reassured = "Soong was reassured by Stalin’s statements on the question of the sovereignty"
    assert any(fragment.startswith(reassured) for fragment in quoted)
    assert [fragment for fragment in quoted if fragment not in CLEAN] == []
