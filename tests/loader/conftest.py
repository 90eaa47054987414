"""Fixtures of the loader tests."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import app.loader.checker as checker_module
from app import migrate
from app.db import make_engine
from app.loader.build import build
from app.loader.files import YamlFile, read_yaml
from app.loader.load import write
from tests.conftest import SEED_DIR, sqlite_url
from tests.loader.seed_copies import (
    dump,
    inserts_into,
)


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
