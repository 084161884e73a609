"""verify serve: the same checks over HTTP, a thin adapter over the library.

    POST /v1/check     {"text", "filename", "date"} -> the report `verify check --format json` gives
    GET  /v1/figures   ?q=words&limit=N             -> {"figures": [...]}
    GET  /v1/sources                                -> {"sources": [...]}
    POST /v1/sources   {"text", "filename", ...}    -> ingest a document (Bearer $VERIFY_TOKEN)
    GET  /healthz                                   -> {"status": "ok", "sources", "figures"}

Every error, whatever raised it, answers with one shape and its status:

    {"error": {"status": 413, "code": "too_large", "message": "...one line..."}}

Errors are translated to statuses in one place, `_error_response`; verify's own errors
carry theirs (`verify.errors`), and a Retry-After when waiting helps (a busy store).

The service stays responsive whatever one request holds. Checking a draft and reading a
source (CPU work that a hostile or huge text can stretch to seconds) run in a bounded
pool of worker processes (`verify.workers`), never on the event loop or in its threads;
each request has a time limit, past which its worker is stopped and replaced and the
answer is 503 (time_limit). /healthz, /v1/figures and /v1/sources are quick reads done
in threads, each with its own SQLite connection. A write to the store holds its lock
only to write: the document is read first. Write routes check the token before they
read the body.
"""

from __future__ import annotations

import hmac
import os
import threading
import time
from collections.abc import Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route

from .. import __version__
from ..api import figures as find_figures
from ..errors import StoreError, TimeLimitError, UsageError, VerifyError
from ..judging.tolerances import Tolerances
from ..reporting.report import figure_record
from ..store.db import Store
from ..workers import Pool, TimeUp

MAX_BODY = 1_000_000  # bytes: a long feature is ~100 kB of markdown
TIME_LIMIT = 30.0  # seconds a request may take, waiting for a worker included (a 1 MB draft checks in ~8 s)
LOCK_WAIT = 5.0  # seconds a write waits for another writer's lock (then 503, Retry-After)
WAITING = 64  # requests that may wait for a worker at once (then 503, Retry-After)
DATE = r"^\d{4}-\d{2}-\d{2}$"


def default_workers() -> int:
    """Worker processes for checks: one per core verify may use, two to four."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(2, min(4, cores))


# ---- request and response models (they make /openapi.json) ----------------------------


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The draft, as markdown.")
    filename: str = Field("draft.md", description="Its name, as the report should give it.", max_length=500)
    date: str | None = Field(None, description="The draft's date if its front matter has none.", pattern=DATE)


class SourceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The document: plain text, markdown or HTML.", pattern=r"\S")
    filename: str = Field(
        description="Its name, kept as given (never looked up on disk); without a url, the same"
        " name again is a new version of it. .html and .htm are read as HTML.",
        min_length=1,
        max_length=500,
    )
    date: str | None = Field(None, description="Publication date, if the text gives none.", pattern=DATE)
    title: str | None = Field(None, max_length=1000)
    publisher: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class SourceOut(BaseModel):
    id: int
    path: str
    title: str
    publisher: str | None
    published: str | None
    author: str | None
    url: str | None
    key: str = Field(description="The document across versions: its url, else its path (the filename given).")
    ingested: str | None = Field(description="When this version was ingested (UTC).")
    superseded_by: int | None = Field(description="The newer version of the document, if any.")


class SourcesOut(BaseModel):
    sources: list[SourceOut]


class Ingested(BaseModel):
    id: int
    path: str
    figures: int
    new: bool = Field(description="false when the same text was already in the store (nothing changed)")
    state: str = Field(description="new, updated (a new version of a document the store held) or unchanged")
    superseded: int = Field(description="figures of the previous version now marked superseded")


class Health(BaseModel):
    status: str
    version: str
    sources: int
    figures: int
    writable: bool


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"model": ErrorResponse} for s in statuses}


# ---- the app ---------------------------------------------------------------------------


def create_app(
    store_path: str | Path | None = None,
    *,
    token: str | None = None,
    max_body: int = MAX_BODY,
    workers: int | None = None,
    time_limit: float = TIME_LIMIT,
    lock_wait: float = LOCK_WAIT,
    waiting: int = WAITING,
    tolerances: Tolerances | None = None,
) -> FastAPI:
    """The service over one store: `store_path` (StoreError if there is none: it is never
    created here), or the default store built from the seeds (which is read-only here: it
    is rebuilt whenever verify changes). Writes need `token`. Checks are judged with
    `tolerances` (default: data/verdicts.toml's), as `verify check` judges them.
    Checks and readings run in `workers` processes (default: `default_workers()`), each
    request within `time_limit` seconds."""
    if store_path is None:
        from ..store.seeds import default_store_file

        store_path, writable = default_store_file(), False
    else:  # never made here: a store that does not exist is refused, with how to make one
        store_path, writable = str(store_path), True
        with Store.open(store_path, lock_wait=lock_wait) as st:  # migrated, or refused, now
            if token:  # writes are promised: a store that cannot take them is refused now
                st.ensure_writable()
    local = threading.local()
    pool = Pool(
        workers or default_workers(),
        setup=_open,
        args=(store_path, lock_wait, tolerances),
        waiting=waiting,
        preload=("verify.adapters.server",),
    )

    def store() -> Store:
        st = getattr(local, "store", None)
        if st is None:
            st = local.store = Store.open(store_path, lock_wait=lock_wait)
        st.refresh()
        return st

    async def in_worker(what: str, fn, *args):
        try:
            return await pool.run(time.monotonic() + time_limit, fn, *args)
        except TimeUp as exc:
            raise TimeLimitError(
                f"{what} took longer than {time_limit:g} s and was stopped"
                if exc.started
                else f"no worker was free for {time_limit:g} s",
                where=None,
                fix="send a shorter text, or split it" if exc.started else "try again later",
            ) from None

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        pool.start()
        try:
            yield
        finally:
            pool.close()

    app = FastAPI(
        title="verify",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        description="Check the numeric claims in a news draft against a store of sourced figures.",
    )
    app.state.pool = pool

    def writer(authorization: Annotated[str | None, Header(description="Bearer <VERIFY_TOKEN>")] = None) -> None:
        """A write route's guard: the token, then a store that takes writes. The middleware
        runs it before the body is read; here it documents the header (and guards again)."""
        _authorise(token, authorization)
        if not writable:
            raise _Conflict(
                "the default store is rebuilt from the seeds and takes no writes (start the server with --store PATH)"
            )

    writes: list[APIRoute] = []  # the routes that depend on `writer`, found once the app is built

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if not writes:
            writes.extend(
                r
                for r in app.routes
                if isinstance(r, APIRoute) and any(d.call is writer for d in r.dependant.dependencies)
            )
        if any(request.method in (r.methods or ()) and r.path_regex.match(request.url.path) for r in writes):
            try:  # the token before anything of the body is read
                writer(request.headers.get("authorization"))
            except StarletteHTTPException as exc:
                return _error_response(exc.status_code, _CODES[exc.status_code], str(exc.detail))
            except _Conflict as exc:
                return _error_response(exc.status, exc.code, str(exc))
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > max_body):
            return _error_response(413, "too_large", f"the request body is over {max_body:,} bytes (send less)")
        if length is None and request.method in ("POST", "PUT", "PATCH"):
            body = b""
            async for chunk in request.stream():
                body += chunk
                if len(body) > max_body:
                    return _error_response(413, "too_large", f"the request body is over {max_body:,} bytes (send less)")
            request._body = body  # read once here; Starlette hands it on to the route
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if request.method == "POST" and kind != "application/json":
            return _error_response(
                415,
                "unsupported_media_type",
                f"the body must be JSON, sent with 'Content-Type: application/json' (not {kind or 'none'})",
            )
        if first.get("type") == "json_invalid":
            return _error_response(400, "invalid_json", "the request body is not valid JSON")
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "request"
        return _error_response(422, "invalid_request", f"{where}: {first.get('msg', 'is not valid')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = {
            404: f"no such route: {request.method} {request.url.path} (see /openapi.json)",
            405: f"{request.method} is not allowed on {request.url.path}",
        }.get(exc.status_code, str(exc.detail))
        headers = exc.headers
        if exc.status_code == 405:  # every method the path takes, over all its routes
            methods = sorted(
                {
                    m
                    for r in app.routes
                    if isinstance(r, Route) and r.methods and r.path_regex.match(request.url.path)
                    for m in r.methods
                }
            )
            headers = {"Allow": ", ".join(methods)}
        return _error_response(exc.status_code, _CODES.get(exc.status_code, "error"), message, headers)

    @app.exception_handler(VerifyError)
    async def verify_error(request: Request, exc: VerifyError):
        code = getattr(exc, "code", None) or type(exc).__name__.removesuffix("Error").lower() + "_error"
        retry = getattr(exc, "retry_after", None)
        return _error_response(exc.status, code, str(exc), {"Retry-After": str(retry)} if retry else None)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):  # a bug: say so, without a stack trace
        return _error_response(500, "internal_error", "verify failed on this request; the server log has the details")

    @app.post(
        "/v1/check",
        summary="Check a draft",
        responses={
            200: {
                "description": "The report, exactly as `verify check --format json` gives it.",
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
            **_errors(400, 413, 415, 422, 503),
        },
    )
    async def post_check(body: CheckRequest) -> Response:
        report = await in_worker("the check", _check, body.text, body.filename, body.date)
        return Response(report, media_type="application/json")

    @app.get("/v1/figures", summary="Figures in the store about some words", responses=_errors(422, 503))
    def get_figures(
        q: Annotated[str, Query(max_length=1000, description="Words the figures are about.")] = "",
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    ) -> dict:
        return {"figures": [figure_record(f) for f in find_figures(store(), q, limit=limit)]}

    @app.get("/v1/sources", summary="Sources in the store", responses=_errors(503))
    def get_sources() -> SourcesOut:
        return SourcesOut(sources=[SourceOut(**_fields(s)) for s in store().sources()])

    @app.post(
        "/v1/sources",
        status_code=201,
        summary="Ingest a document (needs the token)",
        dependencies=[Depends(writer)],
        responses={
            200: {"model": Ingested, "description": "Already in the store: nothing changed."},
            **_errors(400, 401, 403, 409, 413, 415, 422, 503, 507),
        },
    )
    async def post_source(body: SourceRequest, response: Response) -> Ingested:
        meta = {"title": body.title, "publisher": body.publisher, "published": body.date, "url": body.url}
        done = await in_worker("reading the document", _ingest, body.text, body.filename, meta)
        if done["state"] == "unchanged":
            response.status_code = 200  # the same text again: nothing changed
        return Ingested(**done)

    @app.get("/healthz", summary="Is the service up?", responses=_errors(503))
    def healthz() -> Health:
        st = store()
        return Health(
            status="ok",
            version=__version__,
            sources=len(st.sources()),
            figures=st.count_figures(),
            writable=writable and bool(token),
        )

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        """The API, read from its OpenAPI document, as a page with no script and nothing from
        another host (FastAPI's own /docs loads Swagger UI from a CDN: blank offline)."""
        return Response(api_page(app.openapi()), media_type="text/html; charset=utf-8")

    @app.exception_handler(_Conflict)
    async def conflict(request: Request, exc: _Conflict):
        return _error_response(exc.status, exc.code, str(exc))

    return app


_CODES = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}


class _Conflict(Exception):
    status, code = 409, "read_only"


def _authorise(token: str | None, header: str | None) -> None:
    if not token:
        raise StarletteHTTPException(403, "writes are disabled: the server was started without VERIFY_TOKEN")
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise StarletteHTTPException(401, "this needs 'Authorization: Bearer <token>'")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise StarletteHTTPException(403, "the token is not the one the server was started with")


def _error_response(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"status": status, "code": code, "message": message}}, status_code=status, headers=headers
    )


def _fields(obj) -> dict:
    return obj._asdict()


# ---- in the worker processes (verify.workers) ---------------------------------------------
_store: Store | None = None  # each worker's own connection to the store
_tolerances: Tolerances | None = None  # the server's tolerances (None: data/verdicts.toml's)


def _open(store_path: str, lock_wait: float, tolerances: Tolerances | None = None) -> None:
    """A worker's setup: open the store, keep the server's tolerances, and read one
    sentence (the glossary, the units and the patterns loaded before the first request,
    not during it)."""
    global _store, _tolerances
    _store = Store.open(store_path, lock_wait=lock_wait)
    _tolerances = tolerances
    _check("Exports reached 5 billion yuan in 2023.", "warm-up.md", None)


def _worker_store() -> Store:
    """This worker's store (opened by `_open`), refreshed: as the store's other writers left it."""
    if _store is None:
        raise StoreError("this worker has no store open", fix="open it first (`_open`)")
    _store.refresh()
    return _store


def _check(text: str, filename: str, date: str | None) -> str:
    """A draft checked as `verify check --format json` checks it: decoded as the CLI
    decodes a file (no BOM, line ends as \n), then read."""
    from ..api import check
    from ..reading.document import decode, parse
    from ..reporting.report import render_json

    store = _worker_store()
    return render_json(
        check(parse(decode(text, where=filename), path=filename), store, date=date, tolerances=_tolerances)
    )


def _ingest(text: str, filename: str, meta: dict) -> dict:
    """Read a document and write it to the store; the store is locked only to write. The
    filename is the document's name and key (unless it has a url) as given: it is never
    looked up on disk."""
    from ..reading.document import decode
    from ..store.ingest import ingest_text

    done = ingest_text(_worker_store(), decode(text, where=filename), path=filename, key=filename, **meta)
    return {
        "id": done.source_id,
        "path": done.path,
        "figures": done.figures,
        "new": done.new,
        "state": done.state,
        "superseded": done.superseded,
    }


# ---- serving ----------------------------------------------------------------------------------
def serve(
    host: str,
    port: int,
    store_path: str | None,
    *,
    max_body: int = MAX_BODY,
    workers: int | None = None,
    time_limit: float = TIME_LIMIT,
    tolerances: Tolerances | None = None,
) -> None:
    """Serve the app on host:port until stopped. What stops it starting (no such store, one
    it cannot write with VERIFY_TOKEN set, a port in use, a host this machine does not
    have) is a VerifyError (one line), raised before anything is served."""
    import uvicorn

    token = os.environ.get("VERIFY_TOKEN") or None
    app = create_app(
        store_path, token=token, max_body=max_body, workers=workers, time_limit=time_limit, tolerances=tolerances
    )
    sock = listen(host, port)
    try:
        app.state.pool.start()  # a worker that cannot start is an error here, on one line
    except BaseException:
        sock.close()
        raise
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    try:
        server.run(sockets=[sock])
    finally:
        app.state.pool.close()
        sock.close()
    if not server.started:
        raise UsageError("the server did not start (its log above says why)", where=f"{host}:{port}")


def listen(host: str, port: int):
    """A socket bound and listening on host:port, or a UsageError naming why not."""
    import errno
    import socket

    where = f"{host}:{port}"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise UsageError(
            f"host {host!r} is not an address or a name this machine can find"
            f" ({getattr(exc, 'strerror', None) or exc})",
            where=where,
            fix="give --host an address such as 127.0.0.1, or 0.0.0.0 for every interface",
        ) from None
    sock = socket.socket(family, kind, proto)
    try:
        if os.name != "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: a restart reuses the port
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} is in use by another program",
                where=where,
                fix="stop that program, or give --port another port",
            ) from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise UsageError(
                f"{host} is not an address of this machine",
                where=where,
                fix="give --host one of its addresses, such as 127.0.0.1",
            ) from None
        if exc.errno == errno.EACCES:
            raise UsageError(
                f"listening on port {port} is not permitted", where=where, fix="give --port 1024 or above"
            ) from None
        raise UsageError(
            f"cannot listen there ({exc.strerror})", where=where, fix="give another --host or --port"
        ) from None
    return sock


def api_page(spec: dict) -> str:
    """An OpenAPI document as one self-contained HTML page: each operation with its
    summary, description, parameters, body and answers; the document itself at
    /openapi.json."""
    from html import escape

    def schema_name(content: dict | None) -> str:
        for media in (content or {}).values():
            ref = media.get("schema", {}).get("$ref", "")
            return ref.rsplit("/", 1)[-1] or media.get("schema", {}).get("type", "")
        return ""

    rows = []
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            params = "".join(
                f"<li><code>{escape(p['name'])}</code> ({escape(p.get('in', ''))})"
                f"{' required' if p.get('required') else ''}: {escape(p.get('description', ''))}</li>"
                for p in op.get("parameters", [])
            )
            body = schema_name(op.get("requestBody", {}).get("content"))
            answers = "".join(
                f"<li><code>{escape(code)}</code> {escape(r.get('description', ''))}"
                f"{' (' + escape(schema_name(r.get('content'))) + ')' if schema_name(r.get('content')) else ''}</li>"
                for code, r in op.get("responses", {}).items()
            )
            rows.append(
                f"<section><h2><code>{method.upper()} {escape(path)}</code></h2>"
                f"<p>{escape(op.get('summary', ''))}</p><p>{escape(op.get('description', ''))}</p>"
                + (f"<h3>Parameters</h3><ul>{params}</ul>" if params else "")
                + (f"<h3>Body</h3><p><code>{escape(body)}</code></p>" if body else "")
                + f"<h3>Answers</h3><ul>{answers}</ul></section>"
            )
    info = spec.get("info", {})
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>'
        f"{escape(info.get('title', 'API'))} API</title><style>body{{font:16px/1.5 system-ui,sans-serif;"
        "max-width:50rem;margin:2rem auto;padding:0 1rem}}code{{background:#f3f3f3;padding:0 .2em}}"
        "section{{border-top:1px solid #ccc;margin-top:1.5rem}}</style></head><body>"
        f"<h1>{escape(info.get('title', 'API'))} {escape(info.get('version', ''))}</h1>"
        f"<p>{escape(info.get('description', ''))}</p><p>The machine-readable description: "
        '<a href="/openapi.json">/openapi.json</a>.</p>' + "".join(rows) + "</body></html>"
    )
