"""Each mistake in the editorial apparatus is refused with `seed/documents.yaml:<line>`, by
build() and by `parley load`, leaving the database as it was (as in test_refusals.py)."""

from pathlib import Path

import pytest

from tests.loader.apparatus_mistakes import APPARATUS_CASES
from tests.loader.mistakes import Case
from tests.loader.seed_copies import copy_seed, replace_once
from tests.loader.test_refusals import assert_refused


@pytest.mark.parametrize("case", APPARATUS_CASES, ids=lambda case: case.id)
def test_apparatus_mistake_is_refused_with_its_location(
    case: Case, tmp_path: Path, loaded_db: Path, monkeypatch: pytest.MonkeyPatch
):
    seed = copy_seed(tmp_path)
    assert isinstance(case.old, str)
    replaced_at = replace_once(seed / case.file, case.old, case.new)
    assert_refused(seed, [case.expected(seed, replaced_at)], loaded_db, monkeypatch)
