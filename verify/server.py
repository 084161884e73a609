"""verify serve: the same checks over HTTP, a thin adapter over the library.

    POST /v1/check     {"text", "filename", "date"} -> the report `verify check --format json` gives
    GET  /v1/figures   ?q=words&limit=N             -> {"figures": [...]}
    GET  /v1/sources                                -> {"sources": [...]}
    POST /v1/sources   {"text", "filename", ...}    -> ingest a document (Bearer $VERIFY_TOKEN)
    GET  /healthz                                   -> {"status": "ok", "sources", "figures"}

Every error, whatever raised it, answers with one shape and its status:

    {"error": {"status": 413, "code": "too_large", "message": "...one line..."}}

Errors are translated to statuses in one place, `_error_response`; verify's own errors
carry theirs (`verify.errors`). Each worker thread keeps its own SQLite connection; a
write is one transaction, and readers go on reading (WAL) while it runs.
"""

from __future__ import annotations

import hmac
import os
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .api import check
from .api import figures as find_figures
from .document import parse
from .errors import VerifyError
from .ingest import store_document
from .report import figure_record, render_json
from .store import Store

MAX_BODY = 1_000_000  # bytes: a long feature is ~100 kB of markdown
DATE = r"^\d{4}-\d{2}-\d{2}$"


# ---- request and response models (they make /openapi.json) ----------------------------


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The draft, as markdown.")
    filename: str = Field("draft.md", description="Its name, as the report should give it.", max_length=500)
    date: str | None = Field(None, description="The draft's date if its front matter has none.", pattern=DATE)


class SourceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The document: plain text, markdown or HTML.", pattern=r"\S")
    filename: str = Field(description="Its name; .html and .htm are read as HTML.", min_length=1, max_length=500)
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
    key: str = Field(description="The document across versions: its url, else its file name.")
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


def create_app(store_path: str | Path | None = None, *, token: str | None = None, max_body: int = MAX_BODY) -> FastAPI:
    """The service over one store: `store_path`, or the default store built from the seeds
    (which is read-only here: it is rebuilt whenever verify changes). Writes need `token`."""
    if store_path is None:
        from .seeds import default_store

        with default_store() as st:
            store_path, writable = st.path, False
    else:
        store_path, writable = str(store_path), True
        if not Path(store_path).is_file():
            Store.open(store_path, create=True).close()
    local = threading.local()

    def store() -> Store:
        st = getattr(local, "store", None)
        if st is None:
            st = local.store = Store.open(store_path)
        st.refresh()
        return st

    app = FastAPI(title="verify", version=__version__,
                  description="Check the numeric claims in a news draft against a store of sourced figures.")

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
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
            return _error_response(415, "unsupported_media_type",
                                   f"the body must be JSON, sent with 'Content-Type: application/json' (not {kind or 'none'})")
        if first.get("type") == "json_invalid":
            return _error_response(400, "invalid_json", "the request body is not valid JSON")
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "request"
        return _error_response(422, "invalid_request", f"{where}: {first.get('msg', 'is not valid')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}
        message = {404: f"no such route: {request.method} {request.url.path} (see /openapi.json)",
                   405: f"{request.method} is not allowed on {request.url.path}"}.get(exc.status_code, str(exc.detail))
        headers = exc.headers
        if exc.status_code == 405:  # every method the path takes, over all its routes
            methods = sorted({m for r in app.routes if getattr(r, "methods", None) and r.path_regex.match(request.url.path)
                              for m in r.methods})
            headers = {"Allow": ", ".join(methods)}
        return _error_response(exc.status_code, codes.get(exc.status_code, "error"), message, headers)

    @app.exception_handler(VerifyError)
    async def verify_error(request: Request, exc: VerifyError):
        return _error_response(exc.status, type(exc).__name__.removesuffix("Error").lower() + "_error", str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):  # a bug: say so, without a stack trace
        return _error_response(500, "internal_error", "verify failed on this request; the server log has the details")

    @app.post("/v1/check", summary="Check a draft", responses={
        200: {"description": "The report, exactly as `verify check --format json` gives it.",
              "content": {"application/json": {"schema": {"type": "object"}}}},
        **_errors(400, 413, 415, 422, 503)})
    def post_check(body: CheckRequest) -> Response:
        doc = parse(body.text, path=body.filename)
        report = check(doc, store(), date=body.date)
        return Response(render_json(report), media_type="application/json")

    @app.get("/v1/figures", summary="Figures in the store about some words", responses=_errors(422, 503))
    def get_figures(q: Annotated[str, Query(max_length=1000, description="Words the figures are about.")] = "",
                    limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> dict:
        return {"figures": [figure_record(f) for f in find_figures(store(), q, limit=limit)]}

    @app.get("/v1/sources", summary="Sources in the store", responses=_errors(503))
    def get_sources() -> SourcesOut:
        return SourcesOut(sources=[SourceOut(**_fields(s)) for s in store().sources()])

    @app.post("/v1/sources", status_code=201, summary="Ingest a document (needs the token)",
              responses={200: {"model": Ingested, "description": "Already in the store: nothing changed."},
                         **_errors(400, 401, 403, 409, 413, 415, 422, 503)})
    def post_source(body: SourceRequest, response: Response,
                    authorization: Annotated[str | None, Header(description="Bearer <VERIFY_TOKEN>")] = None) -> Ingested:
        _authorise(token, authorization)
        if not writable:
            raise _Conflict("the default store is rebuilt from the seeds and takes no writes "
                            "(start the server with --store PATH)")
        st = store()
        with st.transaction():
            done = store_document(st, body.text, path=Path(body.filename).name or "document", title=body.title,
                               publisher=body.publisher, published=body.date, url=body.url)
        if not done.new:
            response.status_code = 200  # the same text again: nothing changed
        return Ingested(id=done.source_id, path=done.path, figures=done.figures, new=done.new, state=done.state,
                        superseded=done.superseded)

    @app.get("/healthz", summary="Is the service up?", responses=_errors(503))
    def healthz() -> Health:
        st = store()
        return Health(status="ok", version=__version__, sources=len(st.sources()), figures=st.count_figures(),
                      writable=writable and bool(token))

    @app.exception_handler(_Conflict)
    async def conflict(request: Request, exc: _Conflict):
        return _error_response(exc.status, exc.code, str(exc))

    return app


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


def _error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "code": code, "message": message}}, status_code=status,
                        headers=headers)


def _fields(obj) -> dict:
    return obj._asdict()


def serve(host: str, port: int, store_path: str | None, *, max_body: int = MAX_BODY) -> None:
    import uvicorn

    token = os.environ.get("VERIFY_TOKEN") or None
    app = create_app(store_path, token=token, max_body=max_body)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)

