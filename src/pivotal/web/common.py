"""What every router of the web app shares: templates, limits, the threadpool runner, a cache.

- :data:`templates` and :func:`render`: Jinja2 with autoescape on (the template directory of this
  package); every page extends ``base.html``.
- :func:`run_limited`: runs a computation outside the event loop, with the engines' time budget
  :data:`BUDGET_S` where the function takes ``budget=``, and a wall-clock guard of
  :data:`WALL_S`, so a request over budget gets the :class:`~pivotal.errors.PivotalError` message
  and never holds a worker for long.
- :func:`install_error_handlers`: a :class:`~pivotal.errors.PivotalError` becomes HTTP 400, as
  JSON ``{"error": {parameter, allowed, received, fix, message}}`` under ``/api/`` and as a
  friendly page elsewhere; 404 and 413 likewise; any other exception a 500 without a traceback.
- :data:`MAX_BODY_BYTES`: the largest request body accepted (413 above it).
- :func:`cached`: a small thread-safe LRU cache for identical requests.
- :class:`PageCache`: ASGI middleware that answers a repeated ``GET`` (pages, charts, downloads)
  or API call from the bytes of its first successful answer, so a page viewed twice is neither
  computed nor rendered nor drawn again.

>>> key = _key(("a", 1), {"b": [1, 2]})
>>> key == _key(("a", 1), {"b": [1, 2]})
True
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import functools
import inspect
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pivotal.errors import PivotalError

__all__ = [
    "BUDGET_S",
    "MAX_BODY_BYTES",
    "STATIC_DIR",
    "TEMPLATE_DIR",
    "WALL_S",
    "BodyLimit",
    "PageCache",
    "cached",
    "error_payload",
    "install_error_handlers",
    "render",
    "run_limited",
    "templates",
]

log = logging.getLogger("pivotal.web")

HERE = Path(__file__).parent
TEMPLATE_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

#: Seconds an exact computation may be forecast to take (the engines refuse a longer one upfront).
BUDGET_S = 10.0
#: Seconds a request waits for its computation before it answers with an error.
WALL_S = 30.0
#: The largest request body accepted, in bytes (an organization file of a few hundred KiB fits).
MAX_BODY_BYTES = 2_000_000

templates = Jinja2Templates(directory=str(TEMPLATE_DIR))  # autoescape is on for .html


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render template ``name`` with ``context`` (and ``request``) as an HTML response."""
    return templates.TemplateResponse(request, name, context, status_code=status_code)


async def run_limited(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run ``fn(*args, **kwargs)`` in the threadpool with the engines' budget.

    ``budget=BUDGET_S`` is passed when ``fn`` has a ``budget`` parameter and the caller gave none.
    A :class:`PivotalError` propagates to the handler that :func:`install_error_handlers` installs
    (HTTP 400 as JSON under ``/api/``, a page elsewhere). A computation still running after
    :data:`WALL_S` seconds is abandoned by the request (its thread finishes on its own) and the
    client gets a :class:`PivotalError` that says so.
    """
    if "budget" not in kwargs and "budget" in _params(fn):
        kwargs["budget"] = BUDGET_S
    call = functools.partial(fn, *args, **kwargs)
    try:
        return await asyncio.wait_for(run_in_threadpool(call), timeout=WALL_S)
    except TimeoutError:
        raise PivotalError(
            "request",
            f"a computation that finishes within {WALL_S:g} seconds on this server",
            "a computation still running after that",
            "Ask for fewer indices, a smaller game, or the float engine (exact=false), "
            "or run it with the command line and --budget.",
        ) from None


def _params(fn: Callable[..., Any]) -> set[str]:
    try:
        return set(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return set()


F = TypeVar("F", bound=Callable[..., Any])


def _key(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    return json.dumps([args, kwargs], sort_keys=True, default=repr)


def cached(maxsize: int = 256) -> Callable[[F], F]:
    """An LRU cache keyed by today's date and the JSON of the arguments (lists and dicts
    welcome), thread-safe.

    Only successful results are kept; callers must not mutate what they get back.

    >>> calls = []
    >>> @cached(maxsize=2)
    ... def square(x):
    ...     calls.append(x)
    ...     return x * x
    >>> square(3), square(3), len(calls)
    (9, 9, 1)
    """

    def decorate(fn: F) -> F:
        store: OrderedDict[str, Any] = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            # A missing date means today, so today is part of every key.
            key = _dt.date.today().isoformat() + _key(args, kwargs)
            with lock:
                if key in store:
                    store.move_to_end(key)
                    return store[key]
            value = fn(*args, **kwargs)
            with lock:
                store[key] = value
                store.move_to_end(key)
                while len(store) > maxsize:
                    store.popitem(last=False)
            return value

        wrapper.cache_clear = store.clear  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def error_payload(err: PivotalError) -> dict[str, dict[str, str]]:
    """The JSON shape of an error: ``{"error": {parameter, allowed, received, fix, message}}``."""
    return {
        "error": {
            "parameter": err.parameter,
            "allowed": err.allowed,
            "received": err.received,
            "fix": err.fix,
            "message": str(err),
        }
    }


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_page(
    request: Request, status: int, title: str, err: PivotalError | None, text: str
) -> Response:
    try:
        return render(request, "error.html", status_code=status, title=title, err=err, text=text)
    except Exception:  # the error page itself failed: plain text, still no traceback
        log.exception("error page failed")
        return Response(f"{title}\n{text}\n", status_code=status, media_type="text/plain")


async def _pivotal_error(request: Request, exc: PivotalError) -> Response:
    if _is_api(request):
        return JSONResponse(error_payload(exc), status_code=400)
    return _error_page(request, 400, "That input cannot be used", exc, str(exc))


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    status = exc.status_code
    detail = str(exc.detail)
    if status == 404:
        detail = "There is no page at this address. The pages are listed in the menu above."
    if _is_api(request):
        err = PivotalError(
            "address" if status == 404 else "request",
            "a valid request",
            request.url.path if status == 404 else detail,
            detail,
        )
        return JSONResponse(
            error_payload(err), status_code=status, headers=getattr(exc, "headers", None)
        )
    title = {404: "Page not found", 413: "Request too large"}.get(status, "Request refused")
    return _error_page(request, status, title, None, detail)


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    problems = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e.get("loc", ()) if p != "body")
        problems.append(f"{where or 'body'}: {e.get('msg', 'invalid')}")
    if _is_api(request):
        err = PivotalError(
            "body",
            "the keys and types of this endpoint's schema (see /docs)",
            "; ".join(problems),
            "Remove or correct the keys named here; /docs lists the keys.",
        )
        body = error_payload(err)
        body["detail"] = json.loads(json.dumps(exc.errors(), default=str))  # type: ignore[assignment]
        return JSONResponse(body, status_code=422)
    return _error_page(request, 422, "That input cannot be used", None, "; ".join(problems))


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.error("internal error on %s", request.url.path, exc_info=exc)
    text = (
        "Something went wrong inside pivotal. This is a bug, not your input: please report "
        "the address of this page."
    )
    if _is_api(request):
        return JSONResponse(
            {
                "error": {
                    "parameter": "server",
                    "allowed": "",
                    "received": "",
                    "fix": "Report the request that caused it.",
                    "message": text,
                }
            },
            status_code=500,
        )
    return _error_page(request, 500, "Internal error", None, text)


def install_error_handlers(app: FastAPI) -> None:
    """Map errors to responses: PivotalError 400, HTTP errors, 422, anything else 500."""
    app.add_exception_handler(PivotalError, _pivotal_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _internal_error)


class BodyLimit:
    """ASGI middleware: refuse a request body over ``limit`` bytes with 413 and a message.

    It checks ``Content-Length`` first and counts the streamed bytes too (a chunked body has no
    length), so nothing over the limit is read into memory.
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    def _message(self) -> str:
        return (
            f"The request body is over the limit of {self.limit:,} bytes. Send a smaller "
            "file or request, or run the command line on it."
        )

    async def _refuse(self, scope: Scope, send: Send) -> None:
        path = scope.get("path", "")
        if path.startswith("/api/"):
            err = PivotalError("body", f"at most {self.limit:,} bytes", "more", self._message())
            response: Response = JSONResponse(error_payload(err), status_code=413)
        else:
            response = HTMLResponse(
                "<!doctype html><title>Request too large</title><h1>Request too large</h1>"
                f'<p>{self._message()}</p><p><a href="/">pivotal home</a></p>',
                status_code=413,
            )
        await response(scope, _noop_receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = True
                if too_big:
                    await self._refuse(scope, send)
                    return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLargeError
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked_send)
        except _TooLargeError:
            if not started:
                await self._refuse(scope, send)


class _TooLargeError(Exception):
    pass


async def _noop_receive() -> Message:
    return {"type": "http.disconnect"}


class PageCache:
    """ASGI middleware: a request answered 200 once is answered again from the same bytes.

    Every page, chart and download is a function of its address, and every ``POST /api/...`` a
    function of its JSON body (the data is bundled and read only), except that a missing date
    means today. So the key is today's date, the method, the path, the query string and, for an
    API call, the body (bodies up to ``max_key_body`` bytes; a larger one is not cached). Only
    successful answers of at most ``max_body`` bytes are kept, at most ``max_entries`` of them
    and ``max_bytes`` in all, the least recently used dropped first. ``/healthz``, ``/static``
    and other methods pass through. It runs on the event loop only, so it needs no lock.
    """

    def __init__(
        self,
        app: ASGIApp,
        max_entries: int = 1024,
        max_body: int = 4_000_000,
        max_bytes: int = 128_000_000,
        max_key_body: int = 65_536,
        skip: tuple[str, ...] = ("/healthz", "/static/"),
    ) -> None:
        self.app = app
        self.max_entries = max_entries
        self.max_body = max_body
        self.max_bytes = max_bytes
        self.max_key_body = max_key_body
        self.skip = skip
        self.store: OrderedDict[tuple[str, ...] | tuple[Any, ...], tuple[Message, bytes]] = (
            OrderedDict()
        )
        self.size = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        method = scope.get("method")
        api_post = method == "POST" and path.startswith("/api/")
        if (
            scope["type"] != "http"
            or not (method == "GET" or api_post)
            or path.startswith(self.skip)
        ):
            await self.app(scope, receive, send)
            return
        body = b""
        if api_post:
            length = dict(scope.get("headers", [])).get(b"content-length", b"")
            if not length.isdigit() or int(length) > self.max_key_body:
                await self.app(scope, receive, send)
                return
            body, receive = await _buffered(receive)
        today = _dt.date.today().isoformat()
        key = (today, method, path, scope.get("query_string", b""), body)
        hit = self.store.get(key)
        if hit is not None:
            self.store.move_to_end(key)
            start, content = hit
            await send(start)
            await send({"type": "http.response.body", "body": content, "more_body": False})
            return
        start_message: Message | None = None
        chunks: list[bytes] = []
        size = 0

        async def keep(message: Message) -> None:
            nonlocal start_message, size
            if message["type"] == "http.response.start":
                start_message = message
            elif message["type"] == "http.response.body" and size <= self.max_body:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
            await send(message)

        await self.app(scope, receive, keep)
        ok = start_message is not None and start_message.get("status") == 200
        if ok and size <= self.max_body:
            self._store(key, start_message, b"".join(chunks))

    def _store(self, key: tuple[Any, ...], start: Message, body: bytes) -> None:
        old = self.store.pop(key, None)
        if old is not None:
            self.size -= len(old[1])
        self.store[key] = (start, body)
        self.size += len(body)
        while self.store and (len(self.store) > self.max_entries or self.size > self.max_bytes):
            _, (_, dropped) = self.store.popitem(last=False)
            self.size -= len(dropped)


async def _buffered(receive: Receive) -> tuple[bytes, Receive]:
    """Read a whole request body, and a ``receive`` that hands it to the app again."""
    parts = []
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            break
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(parts)
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay
