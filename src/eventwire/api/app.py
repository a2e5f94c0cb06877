"""The FastAPI app: the JSON API under ``/v1`` and the dashboard at ``/`` (docs/api.md).

>>> import tempfile, os
>>> from fastapi.testclient import TestClient
>>> app = create_app(os.path.join(tempfile.mkdtemp(), "events.duckdb"), token="s3cret")
>>> with TestClient(app) as client:
...     client.get("/v1/events", params={"dyad": "USA:VEN"}).json()
{'events': [], 'next_cursor': None, 'limit': 50}
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import json
from collections.abc import Iterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, FastAPI, Path, Query, Request, Response
from fastapi.responses import FileResponse
from fastapi.security import HTTPBearer
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from ..actors.labels import actor_label
from ..errors import InputError
from ..readers import DEFAULT_MAX_BYTES, record_article
from ..records import Article
from ..runners import BoundedRunner, Busy, LocalRunner, TimedOut
from ..store import FILTERS, PERIODS, SORTS, EventQuery, Filter, Store, open_store
from ..store import vocabulary as filter_vocabulary
from ..store.attribution_query import ATTRIBUTION_FILTERS, ATTRIBUTION_SORTS, AttributionQuery
from ..store.query import CODE
from ..store.reads import plain
from .guard import (BodyLimit, Hardening, SafeJSONResponse, TokenGate, check_token, check_token_value,
                    install_error_handlers)
from .server import BODY_TIMEOUT

MAX_BATCH = 100  # articles in one POST /v1/articles
MAX_PERIODS = 3660  # periods in one dyad series: ten years by day
MAX_REPORTS = 200  # reports of one real-world event in GET /v1/events/{id}
MAX_OFFSET = 1_000_000_000  # GET /v1/articles?offset=
RETRY_AFTER = 10  # seconds a client told 503 (coding busy) should wait
DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"  # YYYY-MM-DD exactly: ASCII digits, nothing around them
bearer = HTTPBearer(auto_error=False, description="The server's --token / EVENTWIRE_TOKEN")
# The dashboard may load only its own files and talk only to this server: a defence in depth
# beside rendering every text from the store as text.
DASHBOARD_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                    "form-action 'self'")


@dataclasses.dataclass(frozen=True)
class CodeLimits:
    """The limits of the public ``POST /v1/code`` (docs/api.md, Limits): the longest text in
    characters, worker processes, requests waiting for one, seconds a request may code (and
    wait), and whether it needs the token (``--private`` implies it).

    >>> CodeLimits().max_chars, CodeLimits().timeout
    (20000, 30.0)
    """

    max_chars: int = 20_000
    workers: int = 1
    queue: int = 4
    timeout: float = 30.0
    needs_token: bool = False


def create_app(db: str, token: str | None = None, private: bool = False,
               max_body: int = 2 * 1024 * 1024, code: CodeLimits | None = None,
               body_timeout: float = BODY_TIMEOUT) -> FastAPI:
    """The app serving the store at ``db``: read-only when there is no ``token`` (writes off),
    else opened (created if missing) for writing. ``private``: reads need the token too.
    ``POST /v1/articles`` codes in this process, one request at a time (the store's write
    lock); the public ``POST /v1/code`` in worker processes of its own, within ``code``'s
    limits, so that it never holds a write up. A request body must arrive within ``body_timeout``
    seconds. ValueError for a token a client cannot send."""
    token = check_token_value(token)  # an empty token is no token, never one that an empty header matches
    code = code or CodeLimits()
    if private and not token:
        raise ValueError("--private needs a token (--token or EVENTWIRE_TOKEN)")
    if code.needs_token and not token:
        raise ValueError("--code-needs-token needs a token (--token or EVENTWIRE_TOKEN)")

    store = open_store(db, read_only=token is None)  # a StoreError now, not at the first request
    runner = LocalRunner()
    code_runner = BoundedRunner(workers=code.workers, queue=code.queue, timeout=code.timeout)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        code_runner.close()
        runner.close()
        store.close()

    # FastAPIOffline: FastAPI whose /docs and /redoc load shipped Swagger UI and ReDoc files, not a CDN
    app = FastAPIOffline(title="eventwire", version=_version(), lifespan=lifespan,
                         default_response_class=SafeJSONResponse,
                         summary="Political event data from news text: query the store, code text.")
    app.state.store, app.state.runner, app.state.token, app.state.private = store, runner, token, private
    app.state.code_runner, app.state.code_limits = code_runner, code
    # the last added runs first: Hardening, then the token, then the body's size and time
    app.add_middleware(BodyLimit, max_bytes=max_body, timeout=body_timeout)
    app.add_middleware(TokenGate, token=token, private=private, code_needs_token=code.needs_token or private)
    app.add_middleware(Hardening)
    install_error_handlers(app)
    app.include_router(router, prefix="/v1")
    static = resources.files(__package__).joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(str(static.joinpath("index.html")),
                            headers={"Content-Security-Policy": DASHBOARD_POLICY, "X-Content-Type-Options": "nosniff"})

    @app.get("/healthz", tags=["service"], responses={500: ERRORS[500]})
    def health() -> dict[str, Any]:
        """Liveness, public even with ``--private``: the store's row counts and whether writes are on."""
        with store.for_thread() as view:
            return {"status": "ok", "writes": token is not None, "counts": view.counts()}

    return app


def no_unknown_parameters(request: Request) -> None:
    """422 for a query parameter the endpoint does not take, so that a typo never widens a
    query, and for one given twice (``limit=1&limit=500``: which one was meant?)."""
    route = request.scope.get("route")
    known = _query_names(route.dependant) if route else set()
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise HTTPException(422, f"unknown query parameter {', '.join(unknown)}; this endpoint takes "
                                 f"{', '.join(sorted(known)) or 'none'}")
    names = [name for name, _ in request.query_params.multi_items()]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise HTTPException(422, f"query parameter {', '.join(repeated)} given more than once; give each once")


def _query_names(dependant) -> set[str]:
    """The query parameters an endpoint takes, its dependencies' included."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def read_access(request: Request, credentials=Depends(bearer)) -> None:
    """Reads are public, or with ``--private`` need the token."""
    state = request.app.state
    check_token(request, state.token if state.private else None, write=False)


def reader(request: Request, _: None = Depends(read_access)) -> Iterator[Store]:
    """The store through a cursor of this request's own."""
    with request.app.state.store.for_thread() as view:
        yield view


def writer(request: Request, credentials=Depends(bearer)) -> Iterator[Store]:
    """The writable store through a cursor of this request's own, once the token is checked
    (403 when writes are off). The app's own connection only hands out cursors."""
    check_token(request, request.app.state.token, write=True)
    with request.app.state.store.for_thread() as view:
        yield view


class Problem(BaseModel):
    """Every error's body: the message (naming the parameter or field), the status, and for a
    request that does not validate, each problem."""

    error: str
    status: int
    details: list[dict[str, str]] | None = None


ERRORS = {status: {"model": Problem, "description": meaning} for status, meaning in (
    (400, "A cursor this listing did not hand out"), (401, "Missing or wrong token"), (403, "Writes are off"),
    (404, "No such thing"), (408, "The body did not arrive in time"), (413, "Body or text too large"),
    (422, "A parameter or body that does not validate"), (500, "Internal error"),
    (503, "Coding is busy (Retry-After)"), (504, "Coding took too long"))}
router = APIRouter(dependencies=[Depends(no_unknown_parameters)], responses=ERRORS)
Reader = Annotated[Store, Depends(reader)]
Since = Annotated[str | None, Query(pattern=DAY, description="YYYY-MM-DD, inclusive")]
Until = Since
Hypothetical = Annotated[bool, Query(description="Also events that did not happen (negated, hypothetical...)")]


def _query_parameter(spec: Filter) -> inspect.Parameter:
    """The query parameter of one filter of ``FILTERS`` (GET /v1/events) or ``ATTRIBUTION_FILTERS``."""
    if spec.kind in ("flag", "either"):
        annotation: Any = Annotated[bool, Query(description=spec.help)]
        default: Any = spec.kind == "either"
    elif spec.kind == "int":
        annotation, default = Annotated[int | None, Query(ge=1, le=len(spec.choices()), description=spec.help)], None
    else:
        limits = {"date": {"pattern": DAY}, "text": {"min_length": 1, "max_length": 200}}.get(
            spec.kind, {"pattern": spec.pattern})
        annotation = Annotated[str | None, Query(description=spec.help, **limits)]
        default = None
    return inspect.Parameter(spec.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


def event_filters(**values: Any) -> dict[str, Any]:
    """The filters of a GET /v1/events request, by name (their parameters are made from ``FILTERS``)."""
    return values


event_filters.__signature__ = inspect.Signature([_query_parameter(spec) for spec in FILTERS])  # type: ignore[attr-defined]


def attribution_filters(**values: Any) -> dict[str, Any]:
    """The filters of a GET /v1/attributions request, by name (made from ``ATTRIBUTION_FILTERS``)."""
    return values


attribution_filters.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [_query_parameter(spec) for spec in ATTRIBUTION_FILTERS])


@router.get("/events", tags=["events"])
def list_events(
    store: Reader,
    filters: Annotated[dict[str, Any], Depends(event_filters)],
    sort: Literal[SORTS] = "-date",  # type: ignore[valid-type]
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    count: Annotated[bool, Query(description="Also give total: how many events match, all pages")] = False,
) -> dict[str, Any]:
    """Event reports matching every filter, newest first by default; follow ``next_cursor`` for more."""
    query = EventQuery.from_params(filters, sort=sort, limit=limit, cursor=cursor)
    return store.events_page(query, count=count)


@router.get("/events/{event_id}", tags=["events"])
def get_event(store: Reader, event_id: Annotated[str, Path(max_length=100)]) -> dict[str, Any]:
    """One event report with its evidence, and the reports of the same real-world event (the first
    200 stored; ``reports_total`` counts them all)."""
    return _or_404(store.event(event_id, max_reports=MAX_REPORTS), f"no event {event_id!r}")


@router.get("/attributions", tags=["attributions"])
def list_attributions(
    store: Reader,
    filters: Annotated[dict[str, Any], Depends(attribution_filters)],
    sort: Literal[ATTRIBUTION_SORTS] = "-date",  # type: ignore[valid-type]
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    count: Annotated[bool, Query(description="Also give total: how many relations match, all pages")] = False,
) -> dict[str, Any]:
    """Attribution relations (a source says the content, by the words of the cue) matching every
    filter, newest article first, each article's in the order of its text; follow ``next_cursor``
    for more. ``events``: the ids of the events inside the content (``GET /v1/events/{id}``)."""
    query = AttributionQuery.from_params(filters, sort=sort, limit=limit, cursor=cursor)
    return store.attributions(query, count=count)


@router.get("/dyads/{a}/{b}/series", tags=["dyads"])
def series(
    store: Reader,
    a: Annotated[str, Path(pattern=CODE)],
    b: Annotated[str, Path(pattern=CODE)],
    by: Literal[PERIODS] = "week",  # type: ignore[valid-type]
    since: Since = None,
    until: Until = None,
    directed: Annotated[bool, Query(description="true: only A acting on B")] = False,
    include_hypothetical: Hypothetical = False,
) -> dict[str, Any]:
    """Real-world events between two actors per period: counts per quad class, Goldstein sum and
    mean, events per PLOVER type (periods without events are zeros). By day or week, events dated
    only to a month are not in those counts: ``month_dated`` counts them on the first period of their month.
    At most 3,660 periods (422 beyond: narrow since/until, or count by week or month)."""
    a, b = a.upper(), b.upper()
    args = {"by": by, "directed": directed, "since": since, "until": until,
            "include_hypothetical": include_hypothetical}
    frame = store.dyad(a, b, **args, max_periods=MAX_PERIODS)
    types = store.dyad_types(a, b, **args)
    per_period: dict[str, dict[str, int]] = {}
    for row in types.to_dict("records"):
        per_period.setdefault(plain(row)["period"], {})[row["event_type"] or "UNCODED"] = int(row["events"])
    periods = [plain(row) for row in frame.to_dict("records")]
    for period in periods:
        period["types"] = per_period.get(period["period"], {})
    return {"a": a, "b": b, **args, "periods": periods}


@router.get("/actors", tags=["actors"])
def list_actors(
    store: Reader,
    level: Literal["country", "code"] = "country",
    since: Since = None,
    until: Until = None,
    include_hypothetical: Hypothetical = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    """The most active actors and the strongest dyads, with their names in words."""
    query = EventQuery(since=since, until=until, include_hypothetical=include_hypothetical)
    found = store.actors(level=level, query=query, limit=limit)
    for actor in found["actors"]:
        actor["name"] = actor_label(actor["actor"])
    for dyad in found["dyads"]:
        dyad.update(a_name=actor_label(dyad["a"]), b_name=actor_label(dyad["b"]))
    return found


@router.get("/articles", tags=["articles"])
def list_articles(store: Reader, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                  offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> dict[str, Any]:
    """Stored articles, newest first (by date; undated ones last)."""
    return store.articles_page(limit=limit, offset=offset)


@router.get("/articles/{key}", tags=["articles"])
def get_article(store: Reader, key: Annotated[str, Path(max_length=100)]) -> dict[str, Any]:
    """An article's text as stored, with every event coded from it and its attribution relations
    (who says what, in the order of the text; offsets index the text)."""
    return _or_404(store.article(key), f"no article {key!r}")


@router.get("/vocabulary", tags=["service"], dependencies=[Depends(read_access)])
def vocabulary() -> dict[str, Any]:
    """The values the filters take: PLOVER event types, CAMEO roots with their names, quad
    classes, attribution statuses, modalities, sort orders (with their names), periods, and the
    filters themselves (name, help, kind, choices): the dashboard's menus."""
    return filter_vocabulary()


ARTICLE_EXAMPLE = {"id": "wire-1", "text": "Russian troops attacked Ukrainian positions near Kharkiv.",
                   "date": "2024-05-06", "source": "Reuters"}


@router.post("/code", tags=["code"], dependencies=[Depends(read_access)])
def code_text(request: Request,
              article: Annotated[dict[str, Any], Body(examples=[ARTICLE_EXAMPLE])]) -> dict[str, Any]:
    """Code one article (``text``, and ``id``, ``date``, ``title``, ``url``, ``source`` if known);
    returns its event records, as ``eventwire code`` writes them, with the PLOVER type the
    article most probably reports (``story_type``) and the id of its lead event (``top_event``),
    both null without the sentence model. Nothing is stored. A text
    over the server's limit (20,000 characters by default) is a 413; coding runs in worker
    processes of its own: 503 with Retry-After when they and their queue are full, 504 past
    the time limit (30 s by default)."""
    limits: CodeLimits = request.app.state.code_limits
    found = _article(article, "body")
    if len(found.text) > limits.max_chars:
        raise HTTPException(413, f"body: text is {len(found.text):,} characters; POST /v1/code takes at most "
                                 f"{limits.max_chars:,} (the server's --code-max-chars)")
    try:
        [result] = request.app.state.code_runner.code([found])
    except Busy as err:
        raise HTTPException(503, f"coding is busy ({err}); try again later",
                            headers={"Retry-After": str(RETRY_AFTER)}) from None
    except TimedOut as err:
        raise HTTPException(504, f"{err}, the limit for POST /v1/code: send a shorter text") from None
    if result.error is not None:
        raise HTTPException(422, f"body: {result.error.reason}")
    return {"events": [event.to_dict() for event in result.events], "story_type": result.story_type,
            "top_event": result.top_event}


STORE_RESULTS = {"description": "Results per article (200: all already stored; 422: none could be, or "
                                 "the body does not validate)", "content": {"application/json": {"schema": {
                     "anyOf": [{"$ref": "#/components/schemas/Problem"}, {"type": "object",
                               "required": ["stored", "skipped", "failed", "results"]}]}}}}


@router.post("/articles", tags=["articles"], status_code=201, responses={200: STORE_RESULTS, 422: STORE_RESULTS})
def store_articles(
    request: Request, response: Response, store: Annotated[Store, Depends(writer)],
    body: Annotated[dict[str, Any] | list[Any], Body(examples=[ARTICLE_EXAMPLE, [ARTICLE_EXAMPLE]])],
) -> dict[str, Any]:
    """Code and store one article or an array of up to 100; one bad article never stops the others."""
    items = body if isinstance(body, list) else [body]
    if not items or len(items) > MAX_BATCH:
        raise HTTPException(422, f"body: send 1 to {MAX_BATCH} articles, not {len(items)}")
    found: list[Article | InputError] = []
    for index, item in enumerate(items):
        try:
            found.append(_article(item, f"body[{index}]"))
        except HTTPException as err:
            found.append(InputError(err.detail))
    results = store.add_articles(found, runner=request.app.state.runner)
    for item, result in zip(items, results):
        if result["doc_id"] is None:
            result["doc_id"] = _doc_id(item)
    counts = {s: sum(r["status"] == s for r in results) for s in ("stored", "already stored", "error")}
    response.status_code = 201 if counts["stored"] else 200 if counts["already stored"] else 422
    return {"stored": counts["stored"], "skipped": counts["already stored"], "failed": counts["error"],
            "results": results}


def _article(item: Any, where: str):
    """The Article in a request body, or 422 naming what is wrong (the JSONL record rules)."""
    default_id = "api-" + hashlib.sha1(json.dumps(item, sort_keys=True, default=str).encode()).hexdigest()[:12]
    try:
        return record_article(item, where, DEFAULT_MAX_BYTES, None, default_id)
    except InputError as err:
        raise HTTPException(422, f"{where}: {err.reason}") from None


def _or_404(found: dict[str, Any] | None, missing: str) -> dict[str, Any]:
    if found is None:
        raise HTTPException(404, missing)
    return found


def _doc_id(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), (str, int)) else None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("eventwire")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0"
