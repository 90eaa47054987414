"""CITATION.cff: valid Citation File Format 1.2.0 (against the schema check-jsonschema ships;
cffconvert, which pins jsonschema<4, cannot share this environment), and saying what
GET /dataset says: the title, the latest release and its date, the annotations' licence and
the source document."""

import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from tests.api.contract import get_json
from tests.api.expected import changelog, load_yaml

ROOT = Path(__file__).resolve().parent.parent
CFF = ROOT / "CITATION.cff"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    assert CHECK_JSONSCHEMA.is_file(), (
        f"{CHECK_JSONSCHEMA} is missing: install requirements/dev.txt"
    )
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.citation-file-format", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def cff() -> dict:
    return YAML(typ="safe").load(CFF.read_text(encoding="utf-8"))


def test_citation_cff_is_valid_citation_file_format():
    result = validate(CFF)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validation_can_fail(tmp_path: Path):
    broken = tmp_path / "CITATION.cff"
    broken.write_text(
        CFF.read_text(encoding="utf-8").replace("license: CC-BY-4.0", "license: CC-BY")
    )
    assert validate(broken).returncode == 1


def test_citation_cff_says_what_get_dataset_says(client):
    dataset = get_json(client, "/dataset")
    citation = cff()
    latest = next(notes for notes in dataset["release_notes"] if notes["version"] != "Unreleased")
    assert latest == next(e for e in changelog() if e["version"] != "Unreleased")
    assert citation["type"] == "dataset"
    assert citation["title"] == dataset["title"]
    assert (str(citation["version"]), citation["date-released"]) == (
        latest["version"],
        latest["date"],
    )
    if dataset["released"]:
        assert str(citation["version"]) == dataset["version"]
    annotations = next(lic for lic in dataset["licenses"] if lic["spdx"] == citation["license"])
    assert annotations["name"] == "Creative Commons Attribution 4.0 International"
    assert citation["authors"] == [{"name": "The Parley authors"}]


def test_citation_cff_cites_the_source_document():
    (document,) = load_yaml("documents.yaml")
    (reference,) = cff()["references"]
    assert reference["type"] == "government-document"
    assert reference["url"] == document["url"]
    assert " ".join(reference["title"].split()) == document["title"]
    assert (reference["start"], reference["end"]) == (document["first_page"], document["last_page"])
    assert str(reference["number"]) == str(document["number"])
