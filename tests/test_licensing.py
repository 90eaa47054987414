"""The three licences are stated the same way everywhere they are stated: the package
metadata, the container's label, LICENSE, LICENSE-DATA.md, the README and the service index
(whose exact body is checked in tests/api/test_contract_documents.py)."""

import re
import shlex
from importlib.metadata import metadata
from pathlib import Path

from app.licensing import ANNOTATIONS, CODE, CONTAINER_LICENSES, LICENSES, SOURCE_TEXT

ROOT = Path(__file__).resolve().parents[1]


def test_the_code_is_mit_in_the_licence_file_and_the_package_metadata():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n")
    assert metadata("parley")["License-Expression"] == CODE.spdx == "MIT"
    assert set(metadata("parley").get_all("License-File")) == {"LICENSE", "LICENSE-DATA.md"}


def test_the_container_is_labelled_with_the_code_and_the_data_licences():
    labels = re.search(r"^LABEL (.+?)(?=^\S)", (ROOT / "Dockerfile").read_text(), re.M | re.S)
    assert labels is not None
    words = dict(word.split("=", 1) for word in shlex.split(labels[1].replace("\\\n", " ")))
    assert words["org.opencontainers.image.licenses"] == CONTAINER_LICENSES
    assert CONTAINER_LICENSES == "MIT AND CC-BY-4.0"


def test_the_data_licences_are_stated_with_their_basis():
    data = (ROOT / "LICENSE-DATA.md").read_text()
    readme = (ROOT / "README.md").read_text()
    assert ANNOTATIONS.url in data
    assert "17 U.S.C. § 105" in data
    assert SOURCE_TEXT.url in data
    for text in (data, readme):
        words = " ".join(text.split())  # the files wrap their lines anywhere
        assert "CC-BY-4.0" in words
        assert "public domain" in words.lower()
    assert [license.spdx for license in LICENSES] == ["MIT", "CC-BY-4.0", None]
