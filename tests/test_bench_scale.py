"""`make bench-scale` runs end to end (on a tiny corpus, one-second wrk runs). Its timings
are reported, never asserted; this checks that it builds, serves, measures and explains."""

import io
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from bench import scale

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")


def test_bench_scale_smoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(scale, "console", scale.Console(file=io.StringIO(), width=200))
    arguments = ["--documents", "20", "--positions", "2000", "--seconds", "1"]
    arguments += ["--connections", "1", "--data-dir", str(tmp_path), "--deep-page", "50"]
    with redirect_stdout(io.StringIO()):
        assert scale.main([*arguments, "--export-rows", "500"]) == 0
    output = scale.console.file.getvalue()
    assert [path.name for path in tmp_path.iterdir() if path.suffix == ".sqlite3"] != []
    for shape in scale.shapes(50):
        assert f"{shape.name} [200]" in output, shape.name
        assert shape.path in output  # its query plan
    assert "CSV export /positions?format=csv&stance=" in output
    assert " [200]: first byte " in output
    assert "nan" not in output  # wrk ran and its latencies were read
