"""The FastAPI application: static files, the routers of the pages and the API, error handlers.

``app = create_app()`` is what ``pivotal serve`` (uvicorn) runs. Swagger UI and ReDoc load their
scripts from a CDN, so FastAPI's own docs pages are off and ``/docs`` is a page of this app that
lists the endpoints from the OpenAPI document (``/openapi.json``): no request leaves the machine.

>>> from fastapi.testclient import TestClient
>>> TestClient(create_app()).get("/api/orgs").status_code
200
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from pivotal import __version__
from pivotal.web import api, outcome, pages, upload
from pivotal.web.common import MAX_BODY_BYTES, STATIC_DIR, BodyLimit, install_error_handlers

__all__ = ["app", "create_app"]


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
    return web


app = create_app()
