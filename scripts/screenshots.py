"""Screenshots of the web app's main pages for the docs and the README, in docs/screenshots/.

The app is served the way the browser tests serve it (uvicorn on 127.0.0.1, a free port, a
background thread) and each page is opened in Debian's Chromium through Playwright at 1300x900,
with every request not to this machine refused. Run it again whenever a page changes:
`PYTHONPATH=src .venv/bin/python scripts/screenshots.py`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

from pivotal.web.app import serve_in_thread

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = {"width": 1300, "height": 900}
#: name -> the page's address (its state is all in the query string).
PAGES = {
    "home": "/",
    "org": "/orgs/csto?at=2012-05-15",
    "power": "/power?weights=4,4,4,2,2,1&quota=12&names=FR,DE,IT,BE,NL,LU",
    "power-org": "/power?org=csto&at=2012-05-15&rule=consensus&rule=majority",
    "compare": "/compare?org=csto&at=2012-05-15&rule=consensus&rule=majority",
    "timeline": "/timeline?org=csto&rule=consensus&rule=majority",
    "outcome": "/outcome?scenario=csto-2012",
    "upload": "/upload?example=1",  # shown checked, so the located problem is in view
}


def main() -> None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        raise SystemExit("Chromium is missing: `apt-get install -y chromium` or `make chromium`")
    with serve_in_thread() as base:
        shoot(base, chromium)


def shoot(base: str, chromium: str) -> None:
    """Every page of :data:`PAGES` as a PNG in :data:`OUT`, no request leaving localhost."""
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    blocked: list[str] = []

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if urlsplit(url).hostname in {"127.0.0.1", "localhost"}:
            route.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        context = browser.new_context(viewport=SIZE, base_url=base)
        context.route("**/*", guard)
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(path, wait_until="networkidle")
            if name == "upload":
                with page.expect_navigation(wait_until="networkidle"):
                    page.get_by_role("button", name="Check").click()
            target = OUT / f"{name}.png"
            page.screenshot(path=str(target))
            print(f"{target.relative_to(OUT.parent.parent)}: {target.stat().st_size:,} bytes")
        browser.close()
    if blocked:
        raise SystemExit(f"requests that would have left localhost: {blocked}")


if __name__ == "__main__":
    sys.exit(main())
