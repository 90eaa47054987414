"""The reader as a person uses it: the real `parley serve`, Debian's chromium driven by
Playwright (never a browser Playwright downloads), every request to a host other than
127.0.0.1 refused and recorded, and every console error collected. axe-core checks the
pages for accessibility; screenshots at desktop and phone width land in build/screenshots (`make screenshots` writes
them to docs/screenshots instead, where the README shows the reader's)."""

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.config import PROJECT_ROOT
from tests.servers import clean_env, running_server
from tests.test_docs_browser import require_chromium

sync_api = pytest.importorskip("playwright.sync_api")

READER = "/reader/frus1945v07-d644"
ALL_IDS = [f"d644-{n:03d}" for n in range(1, 41)]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
# Outside git by default: a test run must not change tracked files (renders differ slightly).
SCREENSHOTS = Path(os.environ.get("PARLEY_SCREENSHOTS", PROJECT_ROOT / "build" / "screenshots"))
LAUNCH_ARGS = [
    "--no-sandbox",  # root in CI
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # Belt and braces with the route interception below: no other host even resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
IDS_SHOWN = "Array.from(new Set(Array.from(document.querySelectorAll('[data-position-id]'), e => e.dataset.positionId))).sort()"


# A highlight wraps across lines, so its box's middle may lie in another one: click its
# first words instead.
FIRST_WORDS = """id => {
  const mark = document.querySelector(`mark[data-position-id="${id}"]`);
  mark.scrollIntoView({block: "center"});
  const words = Array.from(mark.childNodes).find(node => node.nodeType === Node.TEXT_NODE);
  const range = document.createRange();
  range.setStart(words, 0);
  range.setEnd(words, 4);
  const box = range.getBoundingClientRect();
  return {x: box.x + box.width / 2, y: box.y + box.height / 2};
}"""


def click_words(page, position_id: str) -> None:
    where = page.evaluate(FIRST_WORDS, position_id)
    page.mouse.click(where["x"], where["y"])


def axe_script() -> Path:
    """axe.min.js, fetched by scripts/install-axe (idempotent) into a cache outside git."""
    done = subprocess.run(
        [str(PROJECT_ROOT / "scripts" / "install-axe")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        message = f"scripts/install-axe failed: {done.stderr.strip()}"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return Path(done.stdout.strip())


@pytest.fixture(scope="module")
def reader_server(loaded_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()  # before paying for a server
    folder = tmp_path_factory.mktemp("reader-server")
    env = clean_env(DATABASE_URL=loaded_url, DOWNLOADS_DIR=str(folder / "downloads"))
    with running_server(env, folder) as server:
        yield server.base


class Watch:
    """What the pages did that they must not: requests to other hosts, console errors."""

    def __init__(self) -> None:
        self.foreign: list[str] = []
        self.errors: list[str] = []

    def route(self, route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def attach(self, page) -> None:
        page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))


@pytest.fixture(scope="module")
def browser(reader_server: str) -> Iterator:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(require_chromium()), args=LAUNCH_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser, reader_server: str):
    """A factory of pages in fresh contexts; afterwards, none may have reached another host
    or logged a console error."""
    watch = Watch()
    contexts = []

    def make(viewport=DESKTOP, **options: object):
        context = browser.new_context(viewport=viewport, base_url=reader_server, **options)
        context.route("**/*", watch.route)
        contexts.append(context)
        page = context.new_page()
        watch.attach(page)
        return page

    yield make
    for context in contexts:
        context.close()
    assert watch.foreign == [], f"requests left 127.0.0.1: {watch.foreign}"
    assert watch.errors == [], f"console errors: {watch.errors}"


def test_every_position_of_the_document_is_one_highlight(open_page):
    page = open_page()
    page.goto(READER)
    assert page.evaluate(IDS_SHOWN) == ALL_IDS
    total = page.request.get("/documents/frus1945v07-d644/positions").json()["total"]
    assert total == len(ALL_IDS)


def test_the_filters_narrow_the_highlights_and_the_url_keeps_them(open_page):
    page = open_page()
    page.goto(READER)
    with page.expect_navigation():
        page.select_option("select[name=party]", "stalin")
    with page.expect_navigation():
        page.select_option("select[name=issue]", "dairen")
    assert page.url.endswith(f"{READER}?party=stalin&issue=dairen")  # blank filters left out
    expected = ["d644-011", "d644-012", "d644-013", "d644-014"]
    assert page.evaluate(IDS_SHOWN) == expected
    shared = open_page()  # the link shows the same view
    shared.goto(f"{READER}?party=stalin&issue=dairen")
    assert shared.evaluate(IDS_SHOWN) == expected


def test_a_click_opens_the_card_of_that_position_and_escape_closes_it(open_page):
    page = open_page()
    page.goto(READER)
    click_words(page, "d644-015")
    card = page.locator(".card.open")
    assert card.count() == 1
    assert card.get_attribute("data-card-for") == "d644-015"
    assert "T. V. Soong" in card.locator("h3").inner_text()
    assert card.locator(".card-quote").inner_text() == (
        "Soong maintained that the port should be a free port"
    )
    assert card.locator(".chain").inner_text() == (
        "Soong → Harriman → Truman and The Secretary of State"
    )
    assert page.url.endswith("#card-d644-015")
    page.keyboard.press("Escape")
    assert page.locator(".card.open").count() == 0


def test_the_keyboard_alone_reaches_every_highlight_and_opens_its_card(open_page):
    page = open_page()
    page.goto(READER)
    reached = []
    for _ in range(200):
        page.keyboard.press("Tab")
        found = page.evaluate(
            "() => { const m = document.activeElement.closest('mark.hl');"
            " return m ? m.dataset.positionId : null; }"
        )
        if found and found not in reached:
            reached.append(found)
        if len(reached) == len(ALL_IDS):
            break
    assert reached == ALL_IDS  # in document order, each once
    # Focus shows the card without taking the focus; Enter moves into it; Escape returns.
    assert page.locator(".card.open").get_attribute("data-card-for") == "d644-040"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "card-d644-040"
    page.keyboard.press("Escape")
    assert page.locator(".card.open").count() == 0
    assert page.evaluate("document.activeElement.parentElement.id") == "pos-d644-040"


def test_text_highlights_and_cards_are_there_without_javascript(open_page):
    page = open_page(java_script_enabled=False)
    page.goto(READER)
    assert page.locator("mark.hl[data-position-id]").count() == len(ALL_IDS)
    assert page.locator(".card").count() == len(ALL_IDS)
    assert page.locator(".card").first.is_visible()
    page.click("#pos-d644-011 > a.badge")
    assert page.url.endswith("#card-d644-011")
    with page.expect_navigation():
        page.select_option("select[name=party]", "molotov")
        page.click("form.filters button")
    assert page.locator("mark.hl[data-position-id]").count() == 2


def test_every_link_of_the_landing_page_works(open_page):
    page = open_page()
    page.goto("/")
    links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    local = sorted({link.split("#")[0] for link in links if "//127.0.0.1:" in link})
    assert len(local) > 30
    broken = [
        (link, status)
        for link in local
        if (status := page.request.get(link, headers={"Accept": "text/html"}).status) != 200
    ]
    assert broken == []
    with page.expect_navigation():
        page.click("a.document")
    assert page.url.endswith(READER)


def test_the_issue_grid_links_each_quote_to_its_card(open_page):
    page = open_page()
    page.goto("/issues/dairen")
    assert page.locator("table.grid thead th").all_inner_texts()[1:] == [
        "St Joseph Stalin",
        "So T. V. Soong",
    ]
    with page.expect_navigation():
        page.click("text=Soong maintained that the port should be a free port")
    assert page.locator(".card.open").get_attribute("data-card-for") == "d644-015"


@pytest.mark.parametrize("path", ["/", READER, "/issues/dairen", "/parties/stalin"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_or_critical_accessibility_violations(open_page, path, viewport):
    script = axe_script()
    # The pages' CSP rightly forbids the inline script axe is injected as.
    page = open_page(viewport=viewport, bypass_csp=True)
    page.goto(path)
    if path == READER:
        click_words(page, "d644-011")
    page.add_script_tag(path=str(script))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    grave = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert grave == []


SHOTS = [("landing", "/"), ("reader", f"{READER}#card-d644-011"), ("issue-grid", "/issues/dairen")]


@pytest.mark.parametrize(("name", "path"), SHOTS, ids=[name for name, _ in SHOTS])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots_at_desktop_and_phone_width(open_page, name, path, viewport):
    page = open_page(viewport=viewport)
    page.goto(path)
    # Nothing but a grid's own scrolling region may be wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    width = "desktop" if viewport == DESKTOP else "phone"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 15_000, f"{shot} is only {len(data)} bytes: a blank page?"
    assert re.fullmatch(r"[a-z-]+-(desktop|phone)\.png", shot.name)
