"""Swagger UI (/docs) and ReDoc (/redoc) as a person sees them: the real `parley serve`,
a real headless Chromium (Debian's, from scripts/install-chromium) that can reach no host
but 127.0.0.1, and the DOM and pixels it rendered. The pages are served offline, so they
must render with every CDN unreachable."""

import contextlib
import os
import re
import signal
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import clean_env, running_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_TIMEOUT = 30.0

# Headless, no sandbox (root in CI), nothing phoned home, and every host name but
# 127.0.0.1 unresolvable: a page that needs a CDN shows up as a page that did not render.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--hide-scrollbars",
    # Virtual time runs ahead only while the page is idle, so fetches of the
    # bundle and of /openapi.json are waited for; 10 s of it is plenty to render.
    "--virtual-time-budget=10000",
    # Console messages (uncaught exceptions included) go to stderr as ":CONSOLE" lines.
    "--enable-logging=stderr",
    "--v=0",
]


def require_chromium() -> Path:
    if not os.access(CHROMIUM, os.X_OK):
        message = f"{CHROMIUM} is missing: scripts/install-chromium must run first"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return CHROMIUM


def kill_group(process: subprocess.Popen) -> None:
    """Kill what is left of a process group started with start_new_session=True."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def docs_server(loaded_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`parley serve` on a free port over the seeded test database; yields its base URL."""
    folder = tmp_path_factory.mktemp("docs-server")
    with running_server(clean_env(DATABASE_URL=loaded_url), folder) as server:
        yield server.base


def run_chromium(browser: Path, work: Path, url: str, *extra: str) -> tuple[str, str]:
    """Run headless Chromium on `url` with a throwaway profile; (stdout, stderr)."""
    profile = tempfile.mkdtemp(prefix="profile-", dir=work)
    out_path, err_path = work / "chromium.out", work / "chromium.err"
    args = [str(browser), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url]
    # Files, not pipes: a helper process left holding a pipe could not hang the test.
    with out_path.open("w") as out, err_path.open("w") as err:
        process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=work,
            start_new_session=True,
        )
    try:
        process.wait(timeout=CHROMIUM_TIMEOUT)
    except subprocess.TimeoutExpired:
        kill_group(process)
        process.wait(timeout=10)
        pytest.fail(
            f"chromium took over {CHROMIUM_TIMEOUT} s on {url}:\n{err_path.read_text()[-3000:]}"
        )
    finally:
        kill_group(process)  # renderer, GPU and zygote helpers, if any outlived it
    stdout, stderr = out_path.read_text(), err_path.read_text()
    assert process.returncode == 0, f"chromium exited {process.returncode} on {url}:\n{stderr}"
    return stdout, stderr


def console_problems(stderr: str) -> list[str]:
    """Console lines from the page that report an error."""
    return [
        line
        for line in stderr.splitlines()
        if ":CONSOLE" in line and any(word in line.lower() for word in ("uncaught", "error"))
    ]


def rendered_dom(browser: Path, url: str, tmp_path: Path) -> str:
    dom, stderr = run_chromium(browser, tmp_path, url, "--dump-dom")
    assert not console_problems(stderr), "\n".join(console_problems(stderr))
    return dom


def missing(dom: str, texts: list[str], classes: list[str]) -> list[str]:
    """The texts not in the DOM, and the class names no element carries."""
    absent = [text for text in texts if text not in dom]
    for name in classes:
        if not re.search(rf'class="(?:[^"]*\s)?{re.escape(name)}(?:\s[^"]*)?"', dom):
            absent.append(f"class {name}")
    return absent


def test_swagger_ui_renders_the_spec(request: pytest.FixtureRequest, tmp_path: Path):
    browser = require_chromium()  # before paying for a server
    base = request.getfixturevalue("docs_server")
    dom = rendered_dom(browser, f"{base}/docs", tmp_path)
    absent = missing(
        dom,
        texts=["List positions", "Get an issue", "/issues/{slug}/positions"],
        # Swagger UI's markup: one "opblock" per operation, with its summary.
        classes=["opblock", "opblock-get", "opblock-summary-path", "opblock-summary-description"],
    )
    assert not absent, f"Swagger UI did not render {absent}; its DOM:\n{dom[:3000]}"
    assert "Failed to load API definition" not in dom, dom[:3000]


def test_redoc_renders_the_spec(request: pytest.FixtureRequest, tmp_path: Path):
    browser = require_chromium()
    base = request.getfixturevalue("docs_server")
    dom = rendered_dom(browser, f"{base}/redoc", tmp_path)
    absent = missing(
        dom,
        texts=[
            "List positions",
            "Get an issue",
            "/issues/{slug}/positions",
            # one section per operation, by tag
            'data-section-id="tag/positions/operation/',
        ],
        # ReDoc's own layout: the wrapper, the side menu and the operations pane.
        classes=["redoc-wrap", "menu-content", "api-content"],
    )
    assert not absent, f"ReDoc did not render {absent}; its DOM:\n{dom[:3000]}"
    assert "Something went wrong" not in dom, dom[:3000]


def test_swagger_ui_screenshot_is_not_blank(request: pytest.FixtureRequest, tmp_path: Path):
    browser = require_chromium()
    base = request.getfixturevalue("docs_server")
    png = tmp_path / "docs.png"
    run_chromium(
        browser, tmp_path, f"{base}/docs", f"--screenshot={png}", "--window-size=1280,2000"
    )
    assert png.is_file(), f"no screenshot at {png}"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "the screenshot is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    # A blank or unstyled page compresses to a few kB; the rendered docs are ~180 kB.
    assert len(data) > 20_000, f"{png} is only {len(data)} bytes: a blank page?"
