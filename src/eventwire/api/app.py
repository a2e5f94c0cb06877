"""The FastAPI app: the JSON API under ``/v1`` and the dashboard at ``/`` (docs/api.md).

>>> import tempfile, os
>>> from fastapi.testclient import TestClient
>>> app = create_app(os.path.join(tempfile.mkdtemp(), "events.duckdb"), token="s3cret")
>>> with TestClient(app) as client:
...     client.get("/v1/events", params={"dyad": "USA:VEN"}).json()
{'events': [], 'next_cursor': None, 'limit': 50}
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, FastAPI, Path, Query, Request, Response
from fastapi.responses import FileResponse
from fastapi.security import HTTPBearer
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException

from ..attributes.attribution import STRENGTH
from ..attributes.modality import MODALITIES
from ..runners import code_batch
from ..errors import InputError
from ..readers.jsonl import record_article
from ..readers.text import DEFAULT_MAX_BYTES
from ..ontology.cameo import cameo_info
from ..ontology.plover import plover_types
from ..store import Store, open_store
from ..store.query import PERIODS, QUADS, dyad_series, dyad_types
from ..store.rows import article_key
from . import queries
from .guard import BodyLimit, check_token, install_error_handlers

MAX_BATCH = 100  # articles in one POST /v1/articles
CODE = r"^[A-Za-z0-9]{3,30}$"  # an actor: country (VEN) or full code (VENGOV, IGOUNO)
STATUSES = tuple(STRENGTH)
bearer = HTTPBearer(auto_error=False, description="The server's --token / EVENTWIRE_TOKEN")
# The dashboard may load only its own files and talk only to this server: a defence in depth
# beside rendering every text from the store as text.
DASHBOARD_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(db: str, token: str | None = None, private: bool = False,
               max_body: int = 2 * 1024 * 1024) -> FastAPI:
    """The app serving the store at ``db``: read-only when there is no ``token`` (writes off),
    else opened (created if missing) for writing. ``private``: reads need the token too."""
    token = token or None  # an empty token is no token, never one that an empty header matches
    if private and not token:
        raise ValueError("--private needs a token (--token or EVENTWIRE_TOKEN)")

    store = open_store(db, read_only=token is None)  # a StoreError now, not at the first request

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        store.close()

    # FastAPIOffline: FastAPI whose /docs and /redoc load shipped Swagger UI and ReDoc files, not a CDN
    app = FastAPIOffline(title="eventwire", version=_version(), lifespan=lifespan,
                         summary="Political event data from news text: query the store, code text.")
    app.state.store, app.state.token, app.state.private = store, token, private
    app.state.write_lock = threading.Lock()
    app.add_middleware(BodyLimit, max_bytes=max_body)
    install_error_handlers(app)
    app.include_router(router, prefix="/v1")
    static = resources.files(__package__).joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(str(static.joinpath("index.html")),
                            headers={"Content-Security-Policy": DASHBOARD_POLICY, "X-Content-Type-Options": "nosniff"})

    @app.get("/healthz", tags=["service"])
    def health() -> dict[str, Any]:
        """Liveness, public even with ``--private``: the store's row counts and whether writes are on."""
        with store.for_thread() as view:
            return {"status": "ok", "writes": token is not None, "counts": view.counts()}

    return app


def no_unknown_parameters(request: Request) -> None:
    """422 for a query parameter the endpoint does not take, so that a typo never widens a query."""
    route = request.scope.get("route")
    known = _query_names(route.dependant) if route else set()
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise HTTPException(422, f"unknown query parameter {', '.join(unknown)}; this endpoint takes "
                                 f"{', '.join(sorted(known)) or 'none'}")


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


router = APIRouter(dependencies=[Depends(no_unknown_parameters)])
Reader = Annotated[Store, Depends(reader)]
Since = Annotated[str | None, Query(max_length=40, description="YYYY-MM-DD, inclusive")]
Until = Since
Hypothetical = Annotated[bool, Query(description="Also events that did not happen (negated, hypothetical...)")]


@router.get("/events", tags=["events"])
def list_events(
    store: Reader,
    actor: Annotated[str | None, Query(pattern=CODE, description="Country or code, either side")] = None,
    source: Annotated[str | None, Query(pattern=CODE)] = None,
    target: Annotated[str | None, Query(pattern=CODE)] = None,
    dyad: Annotated[str | None, Query(pattern=CODE[:-1] + ":" + CODE[1:], description="SOURCE:TARGET")] = None,
    directed: Annotated[bool, Query(description="false: the dyad either way round")] = True,
    type: Annotated[str | None, Query(description="PLOVER event type")] = None,
    cameo: Annotated[str | None, Query(pattern=r"^\d{1,4}$", description="CAMEO code or prefix")] = None,
    cameo_root: Annotated[str | None, Query(pattern=r"^\d{2}$")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    since: Since = None,
    until: Until = None,
    attribution: Annotated[str | None, Query(description=f"Comma-separated: {', '.join(STATUSES)}")] = None,
    modality: Annotated[str | None, Query(description=f"Comma-separated: {', '.join(MODALITIES)}")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, description="Words in the sentence")] = None,
    include_hypothetical: Hypothetical = False,
    sort: Literal[queries.SORTS] = "-date",  # type: ignore[valid-type]
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    count: Annotated[bool, Query(description="Also give total: how many events match, all pages")] = False,
) -> dict[str, Any]:
    """Event reports matching every filter, newest first by default; follow ``next_cursor`` for more."""
    if type and type.upper() not in plover_types():
        raise HTTPException(422, f"type: {type!r} is not a PLOVER event type ({', '.join(plover_types())})")
    modalities = _choices(modality, MODALITIES, "modality")
    criteria = {"actor": actor, "source": source, "target": target, "event_type": type, "cameo": cameo,
                "cameo_root": cameo_root, "quad_class": quad_class, "since": since, "until": until,
                "attribution": _choices(attribution, STATUSES, "attribution"), "modality": modalities,
                "text": q, "include_hypothetical": include_hypothetical or bool(modalities),
                "dyad": tuple(dyad.upper().split(":")) if dyad else None}
    try:
        return queries.events_page(store, criteria, sort=sort, limit=limit, cursor=cursor, directed=directed,
                                   count=count)
    except queries.BadCursor as err:
        raise HTTPException(400, str(err)) from None
    except ValueError as err:  # since/until not a date
        raise HTTPException(422, str(err)) from None


@router.get("/events/{event_id}", tags=["events"])
def get_event(store: Reader, event_id: Annotated[str, Path(max_length=100)]) -> dict[str, Any]:
    """One event report with its evidence, and every report of the same real-world event."""
    return _or_404(queries.event(store, event_id), f"no event {event_id!r}")


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
    mean, events per PLOVER type (periods without events are zeros)."""
    a, b = a.upper(), b.upper()
    args = {"by": by, "directed": directed, "since": since, "until": until,
            "include_hypothetical": include_hypothetical}
    try:
        frame = dyad_series(store, a, b, **args)
        types = dyad_types(store, a, b, **args)
    except ValueError as err:
        raise HTTPException(422, str(err)) from None
    per_period: dict[str, dict[str, int]] = {}
    for row in types.to_dict("records"):
        per_period.setdefault(queries.plain(row)["period"], {})[row["event_type"] or "UNCODED"] = int(row["events"])
    periods = [queries.plain(row) for row in frame.to_dict("records")]
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
    """The most active actors and the strongest dyads."""
    try:
        return queries.actors(store, level=level, since=since, until=until,
                              include_hypothetical=include_hypothetical, limit=limit)
    except ValueError as err:
        raise HTTPException(422, str(err)) from None


@router.get("/articles", tags=["articles"])
def list_articles(store: Reader, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                  offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    """Stored articles, newest stored first."""
    return queries.articles_page(store, limit=limit, offset=offset)


@router.get("/articles/{key}", tags=["articles"])
def get_article(store: Reader, key: Annotated[str, Path(max_length=100)]) -> dict[str, Any]:
    """An article's text as stored, with every event coded from it (offsets index the text)."""
    return _or_404(queries.article(store, key), f"no article {key!r}")


@router.get("/vocabulary", tags=["service"], dependencies=[Depends(read_access)])
def vocabulary() -> dict[str, Any]:
    """The values the filters take: PLOVER event types, CAMEO roots with their names, quad
    classes, attribution statuses, modalities and sort orders (the dashboard's menus)."""
    return {"event_types": list(plover_types()),
            "cameo_roots": [{"code": f"{root:02d}", "name": cameo_info(f"{root:02d}").name} for root in range(1, 21)],
            "quad_classes": [{"value": value, "name": name} for value, name in enumerate(QUADS, 1)],
            "attributions": list(STATUSES), "modalities": list(MODALITIES), "sorts": list(queries.SORTS)}


ARTICLE_EXAMPLE = {"id": "wire-1", "text": "Russian troops attacked Ukrainian positions near Kharkiv.",
                   "date": "2024-05-06", "source": "Reuters"}


@router.post("/code", tags=["code"], dependencies=[Depends(read_access)])
def code_text(article: Annotated[dict[str, Any], Body(examples=[ARTICLE_EXAMPLE])]) -> dict[str, Any]:
    """Code one article (``text``, and ``id``, ``date``, ``title``, ``url``, ``source`` if known);
    returns its event records, as ``eventwire code`` writes them. Nothing is stored."""
    result = code_batch([_article(article, "body")])[0]
    if result.error is not None:
        raise HTTPException(422, f"body: {result.error.reason}")
    return {"events": [event.to_dict() for event in result.events]}


@router.post("/articles", tags=["articles"], status_code=201)
def store_articles(
    request: Request, response: Response, store: Annotated[Store, Depends(writer)],
    body: Annotated[dict[str, Any] | list[Any], Body(examples=[ARTICLE_EXAMPLE, [ARTICLE_EXAMPLE]])],
) -> dict[str, Any]:
    """Code and store one article or an array of up to 100; one bad article never stops the others."""
    items = body if isinstance(body, list) else [body]
    if not items or len(items) > MAX_BATCH:
        raise HTTPException(422, f"body: send 1 to {MAX_BATCH} articles, not {len(items)}")
    results: list[dict[str, Any]] = []
    articles = []
    for index, item in enumerate(items):
        try:
            found = _article(item, f"body[{index}]")
        except HTTPException as err:
            results.append({"index": index, "doc_id": _doc_id(item), "id": None, "status": "error",
                            "error": err.detail})
            continue
        articles.append(found)
        results.append({"index": index, "doc_id": found.id, "id": article_key(found), "status": None})
    with request.app.state.write_lock:
        known = set(_stored(store, [r["id"] for r in results if r["id"]]))
        summary = store.ingest(articles) if articles else None
        stored = _stored(store, [r["id"] for r in results if r["id"]])
    reasons = {err.where: err.reason for err in summary.errors} if summary else {}
    for result in results:
        if result["status"] == "error":
            continue
        if result["id"] in known:
            result.update(status="already stored", events=stored[result["id"]])
        elif result["id"] in stored:
            result.update(status="stored", events=stored[result["id"]])
            known.add(result["id"])  # a second copy in this request is then "already stored"
        else:
            result.update(status="error", id=None, error=reasons.get(result["doc_id"], "could not be coded"))
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


def _stored(store: Store, keys: list[str]) -> dict[str, int]:
    """Article key -> events, for those of ``keys`` in the store."""
    if not keys:
        return {}
    rows = store.sql("SELECT article_key, events FROM articles WHERE list_contains(?, article_key)", [keys])
    return dict(zip(rows.article_key, map(int, rows.events)))


def _choices(value: str | None, allowed: tuple[str, ...], name: str) -> list[str]:
    """A comma-separated parameter as a list, every item one of ``allowed``, else 422."""
    chosen = [v.strip().lower() for v in (value or "").split(",") if v.strip()]
    wrong = [v for v in chosen if v not in allowed]
    if wrong:
        raise HTTPException(422, f"{name}: {', '.join(map(repr, wrong))} not one of {', '.join(allowed)}")
    return chosen


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("eventwire")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0"
