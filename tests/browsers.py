"""Debian's Chromium for the browser tests (the HTML reports and the web app): where it is, and a
launched browser, with one message that says how to install it when it is missing or broken."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest


def install_hint(purpose: str) -> str:
    return (
        f"Chromium is needed {purpose}: install Debian's package with "
        "`apt-get update && apt-get install -y chromium` (as root), or run `make test`, which "
        "installs it when missing."
    )


def chromium(purpose: str) -> str:
    """The Chromium executable; the test fails (no skip) with how to install it when missing."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        pytest.fail(install_hint(purpose), pytrace=False)
    return found


@contextmanager
def launched(purpose: str) -> Iterator[Any]:
    """Chromium driven by Playwright (headless; without its sandbox when running as root)."""
    from playwright.sync_api import sync_playwright

    executable = chromium(purpose)
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=executable, args=args)
        except Exception as err:  # a broken install reads like a missing one
            pytest.fail(
                f"{install_hint(purpose)} (launching {executable} failed: {err})", pytrace=False
            )
        yield browser
        browser.close()
