"""The FastAPI application: static files, the routers of the pages and the API, error handlers.

``app = create_app()`` is what ``pivotal serve`` (uvicorn) runs. Swagger UI and ReDoc load their
scripts from a CDN, so FastAPI's own docs pages are off and ``/docs`` is a page of this app that
lists the endpoints from the OpenAPI document (``/openapi.json``): no request leaves the machine.

>>> from fastapi.testclient import TestClient
>>> TestClient(create_app()).get("/api/orgs").status_code
200
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from pivotal import __version__
from pivotal.errors import PivotalError
from pivotal.web import api, outcome, pages, upload
from pivotal.web.common import (
    MAX_BODY_BYTES,
    STATIC_DIR,
    BodyLimit,
    PageCache,
    install_error_handlers,
)

__all__ = ["app", "create_app", "serve_in_thread"]


def create_app() -> FastAPI:
    """Build the web app: every page and API route, ``/static``, the limits and error handlers."""
    web = FastAPI(
        title="pivotal",
        version=__version__,
        summary="Voting power, exactly: the JSON of the pivotal command line, over HTTP.",
        docs_url=None,
        redoc_url=None,
    )
    web.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    web.include_router(api.router)
    web.include_router(pages.router)
    web.include_router(outcome.router)
    web.include_router(upload.router)
    install_error_handlers(web)
    web.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    web.add_middleware(PageCache)
    return web


@contextmanager
def serve_in_thread(wait: float = 30.0) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 and a free port from a background thread, for
    browser tests and screenshots: yields the base URL once ``/healthz`` answers, and stops the
    server on leaving."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or not thread.is_alive():
                    raise PivotalError(
                        "server",
                        f"the web app answering {base}/healthz within {wait:g} s",
                        "no answer",
                        "Check that the port is free and that `pivotal serve` starts.",
                    ) from None
                time.sleep(0.1)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


app = create_app()
