"""With `--engine postgresql`: every search over the seed answers on PostgreSQL exactly as on
SQLite: the same positions, in the same order (relevance, then document order), the same
total. Each word of the seed's quotes and summaries is searched, alone, with another word,
and OR'ed with another search, so a difference in tokenizing or stemming shows up here."""

import re
from pathlib import Path

import pytest
from sqlmodel import Session

from app import migrate
from app.db import make_engine
from app.loader.build import build
from app.loader.load import write
from app.queries import PositionFilter, positions, search_words
from tests.api.expected import seed_positions
from tests.conftest import SEED_DIR, sqlite_url


@pytest.fixture(scope="module")
def both(engine_name: str, loaded_url: str, tmp_path_factory: pytest.TempPathFactory):
    if engine_name != "postgresql":
        pytest.skip("compares PostgreSQL with SQLite: run with --engine postgresql")
    url = sqlite_url(Path(tmp_path_factory.mktemp("sqlite")) / "seeded.sqlite3")
    migrate.upgrade(url)
    writer = make_engine(url)
    write(writer, build(SEED_DIR))
    writer.dispose()
    engines = [make_engine(url, read_only=True), make_engine(loaded_url, read_only=True)]
    yield engines
    for engine in engines:
        engine.dispose()


def _answers(engines, searches) -> list[tuple[list[str], int]]:
    found = []
    for engine in engines:
        with Session(engine) as session:
            rows, total = positions(
                session=session,
                filters=PositionFilter(searches=searches),
            )
        found.append(([row.id for row in rows], total))
    return found


def _seed_words() -> list[str]:
    text = " ".join(p.quote + " " + p.summary for p in seed_positions())
    return sorted(set(search_words(text)))


def test_every_seed_word_is_found_alike(both):
    words = _seed_words()
    assert len(words) > 250
    for n, word in enumerate(words):
        other = words[(n * 7 + 3) % len(words)]
        for searches in (((word,),), ((word, other),), ((word,), (other,))):
            sqlite, postgresql = _answers(both, searches)
            assert postgresql == sqlite, searches


@pytest.mark.parametrize("q", ["Lüshun", "FRUS", "1945", "U.S.S.R.", "Soong's", "port-arthur"])
def test_odd_words_are_found_alike(both, q):
    searches = (search_words(q),)
    assert re.fullmatch(r"[^\W_]+( [^\W_]+)*", " ".join(searches[0]))
    sqlite, postgresql = _answers(both, searches)
    assert postgresql == sqlite
