"""The HTML reports as a reader sees them: opened in headless Chromium (Debian's package, driven by
Playwright) at 800 and 1300 pixels, and in print emulation.

The reports are written by the command line, as a user would write them, so the footer's command
is the one typed. Chromium must be installed: without it these tests fail and say how to install
it (``make test`` does).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import browsers
import pivotal

WIDTHS = (800, 1300)
PURPOSE = "to check the HTML reports"
#: Words of the research process that readers should not meet.
INTERNAL = re.compile(
    r"research notes|as cited in|research sources|background knowledge", re.IGNORECASE
)

RULES = ["--rule", "consensus", "--rule", "majority"]
COMMANDS = {
    "compare": ["compare", "csto", *RULES, "--at", "2012-05-15"],
    "timeline": ["timeline", "csto", *RULES, "--include-frozen"],
    "outcome": ["outcome", "csto-2012"],
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[str]]]:
    """Each report written by ``python -m pivotal ... --report``, with the arguments used."""
    folder = tmp_path_factory.mktemp("reports")
    src = str(Path(pivotal.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = {}
    for name, args in COMMANDS.items():
        path = folder / f"{name}.html"
        argv = [*args, "--report", str(path)]
        done = subprocess.run(
            [sys.executable, "-m", "pivotal", *argv],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        out[name] = (path, argv)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with browsers.launched(PURPOSE) as b:
        yield b


# What the page measures about itself: overflow, boxes whose text spills, images, print rules.
MEASURE = """() => {
  const doc = document.documentElement;
  const inScroller = el => el.closest('.table-wrap') !== null;
  const spills = [];
  for (const el of document.querySelectorAll(
      'h1, h2, h3, p, li, caption, figcaption, summary, footer, th, td')) {
    if (el.tagName !== 'TH' && el.tagName !== 'TD' && inScroller(el)) continue;
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
      spills.push(el.tagName + ': ' + el.textContent.slice(0, 60));
    }
  }
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (inScroller(el) && !el.classList.contains('table-wrap')) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > doc.clientWidth + 1) wide.push(el.tagName + ' ' + r.right);
  }
  const images = [...document.images].map(i => ({
    loaded: i.complete && i.naturalWidth > 0, right: i.getBoundingClientRect().right}));
  const scrollers = [...document.querySelectorAll('.table-wrap')].map(
    w => w.scrollWidth > w.clientWidth + 1);
  const tables = [...document.querySelectorAll('table')];
  return {
    scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, spills, wide, images,
    scrolling: scrollers.filter(x => x).length,
    unwrapped: tables.filter(t => !t.parentElement.classList.contains('table-wrap')).length,
    text: document.body.innerText,
  };
}"""

PRINT = """() => {
  const heads = [...document.querySelectorAll('h1, h2, h3')];
  const loose = heads.filter(h => {
    const next = h.nextElementSibling;
    const style = getComputedStyle(h);
    return next === null || !['avoid', 'avoid-page'].includes(style.breakAfter);
  }).map(h => h.textContent);
  const split = [...document.querySelectorAll('figure, table, .table-wrap')].filter(
    el => getComputedStyle(el).breakInside !== 'avoid').length;
  return {loose, split, headings: heads.length};
}"""


def open_page(browser: object, path: Path, width: int) -> tuple[object, object, list[str]]:
    """The report in a fresh page at ``width`` pixels; every request that is not for the file
    itself or embedded data is aborted and recorded."""
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    requests: list[str] = []

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(("file://", "data:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            requests.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", guard)
    page = context.new_page()
    page.goto(path.as_uri(), wait_until="load")
    return context, page, requests


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_report_in_chromium(
    browser: object, reports: dict[str, tuple[Path, list[str]]], name: str, width: int
) -> None:
    path, argv = reports[name]
    context, page, requests = open_page(browser, path, width)
    try:
        m = page.evaluate(MEASURE)  # type: ignore[attr-defined]
        assert m["scrollWidth"] <= m["clientWidth"] == width, "the page scrolls sideways"
        assert m["wide"] == [], "elements wider than the window"
        assert m["spills"] == [], "text spills out of its box"
        assert m["unwrapped"] == 0, "a table outside a scrolling box"
        assert m["images"] and all(i["loaded"] for i in m["images"]), "an image did not load"
        assert all(i["right"] <= width for i in m["images"])
        if name == "compare" and width == 800:
            assert m["scrolling"] >= 1  # the wide index tables scroll in their own box
        assert requests == [], "the report asked the network for something"
        text = m["text"]
        assert not INTERNAL.search(text)
        assert re.search(r"Generated on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC by pivotal", text)
        assert "pivotal " + " ".join(argv) in text  # the command that reproduces the report

        page.emulate_media(media="print")  # type: ignore[attr-defined]
        p = page.evaluate(PRINT)  # type: ignore[attr-defined]
        assert p["headings"] > 3
        assert p["loose"] == [], "a heading may end a printed page"
        assert p["split"] == 0, "a figure or table may break across printed pages"
    finally:
        context.close()  # type: ignore[attr-defined]


def test_each_fact_once_in_the_timeline_report(
    browser: object, reports: dict[str, tuple[Path, list[str]]]
) -> None:
    context, page, _ = open_page(browser, reports["timeline"][0], 1300)
    try:
        text = page.evaluate("() => document.body.innerText")  # type: ignore[attr-defined]
    finally:
        context.close()  # type: ignore[attr-defined]
    notes = text.split("Notes and unverified values")[1].split("Sources")[0]
    assert notes.count("1999-04-20 (unverified") == 1
    lines = [line for line in notes.splitlines() if line.strip()]
    assert len(lines) == len(set(lines))


def test_bundled_data_has_no_internal_wording() -> None:
    """What the files say to readers (not their comments) speaks of sources, not of notes."""
    data = Path(pivotal.__file__).parent / "organizations" / "data"
    for path in sorted(data.glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            assert not INTERNAL.search(line), f"{path.name}:{number}: {line.strip()}"


def test_missing_chromium_fails_and_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(Path, "exists", lambda self: False)
    with pytest.raises(pytest.fail.Exception, match=r"apt-get install -y chromium.*make test"):
        browsers.chromium(PURPOSE)
