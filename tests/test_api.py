"""The REST API against the real app and real DuckDB files: every filter checked against SQL
written here independently, cursor pagination, the dyad series, auth, body limits, bad
parameters and errors that never leak a stack trace."""

import collections
import datetime as dt
import json
import re
import shutil

import pytest
from fastapi.testclient import TestClient

from eventwire import open_store
from eventwire.api import create_app
from eventwire.records import Article

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SMALL = [
    Article(id="kharkiv", text="Russian troops attacked Ukrainian soldiers near Kharkiv. Ukraine accused Russia "
                                "of war crimes.", published="2024-05-06", source="Reuters"),
    Article(id="talks", text="China and Japan held talks in Beijing. Japan may impose sanctions on China.",
            published="2024-05-20", source="AP"),
]


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    """A store of two short articles (no shared data needed)."""
    path = tmp_path_factory.mktemp("small") / "events.duckdb"
    with open_store(path) as store:
        store.ingest(SMALL)
    return path


def copy_of(path, tmp_path):
    target = tmp_path / "copy.duckdb"
    shutil.copy(path, target)
    return target


@pytest.fixture(scope="module")
def corpus(corpus_store, tmp_path_factory):
    """(client, store) over a read-only copy of the seed + VOA store; ``store`` answers the checks."""
    path = tmp_path_factory.mktemp("api") / "events.duckdb"
    shutil.copy(corpus_store, path)
    app = create_app(str(path))
    with TestClient(app) as client:
        yield client, app.state.store


def all_pages(client, params, limit=7):
    """Every event of a listing, following next_cursor page by page."""
    rows, cursor = [], None
    while True:
        page = client.get("/v1/events", params={**params, "limit": limit, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        assert len(body["events"]) <= limit
        rows += body["events"]
        cursor = body["next_cursor"]
        if cursor is None:
            return rows


def ids_where(store, where, params=()):
    """Report ids (ARTICLEKEY-EVENTID) of the events rows matching ``where``."""
    frame = store.sql(f"SELECT article_key || '-' || id AS id FROM events WHERE {where}", list(params))
    return set(frame.id)


# --- filters, each against its own SQL ----------------------------------------------------------

FILTERS = [
    ({}, "happened"),
    ({"include_hypothetical": "true"}, "true"),
    ({"actor": "VEN"}, "happened AND (source_country = 'VEN' OR source_code = 'VEN' OR target_country = 'VEN' "
                       "OR target_code = 'VEN')"),
    ({"actor": "VENGOV"}, "happened AND (source_code = 'VENGOV' OR target_code = 'VENGOV')"),
    ({"source": "USA"}, "happened AND (source_country = 'USA' OR source_code = 'USA')"),
    ({"target": "usagov"}, "happened AND target_code = 'USAGOV'"),
    ({"dyad": "USA:VEN"}, "happened AND source_country = 'USA' AND target_country = 'VEN'"),
    ({"dyad": "USA:VEN", "directed": "false"},
     "happened AND ((source_country = 'USA' AND target_country = 'VEN') OR "
     "(source_country = 'VEN' AND target_country = 'USA'))"),
    ({"type": "threaten"}, "happened AND event_type = 'THREATEN'"),
    ({"cameo": "11"}, "happened AND cameo LIKE '11%'"),
    ({"cameo_root": "19"}, "happened AND cameo_root = '19'"),
    ({"quad_class": "4"}, "happened AND quad_class = 4"),
    ({"since": "2024-10-01", "until": "2024-10-31"}, "happened AND date BETWEEN '2024-10-01' AND '2024-10-31'"),
    ({"attribution": "claimed,alleged"}, "happened AND attribution_status IN ('claimed', 'alleged')"),
    ({"modality": "hypothetical"}, "modality = 'hypothetical'"),
    ({"modality": "negated,future", "type": "REJECT"}, "modality IN ('negated', 'future') AND event_type = 'REJECT'"),
    ({"q": "MISSILE"}, "happened AND lower(text) LIKE '%missile%'"),
    ({"q": "%' OR 1=1 --"}, "false"),
]


@pytest.mark.parametrize("params,where", FILTERS, ids=[json.dumps(p) for p, _ in FILTERS])
def test_every_filter_returns_exactly_the_matching_events(corpus, params, where):
    client, store = corpus
    expected = ids_where(store, where)
    got = [row["id"] for row in all_pages(client, params, limit=50)]
    assert len(got) == len(set(got)), "a row came twice"
    assert set(got) == expected
    counted = client.get("/v1/events", params={**params, "count": "true", "limit": 1}).json()
    assert counted["total"] == len(expected) and len(counted["events"]) == min(1, len(expected))
    if params and params.get("q") != "%' OR 1=1 --":
        assert expected, f"the corpus should have events for {params}"


def test_events_carry_the_record_the_article_and_the_canonical_event(corpus):
    client, store = corpus
    events = client.get("/v1/events", params={"dyad": "USA:VEN", "type": "THREATEN"}).json()["events"]
    ultimatum = next(e for e in events if e["trigger"]["text"] == "issued an ultimatum")
    assert ultimatum["source"]["code"] == "USAGOV" and ultimatum["target"]["code"] == "VENGOV"
    assert ultimatum["cameo"] == "139" and ultimatum["attribution"]["status"] == "asserted"
    assert ultimatum["article"]["doc_id"] == "venezuela-ultimatum" and ultimatum["happened"] is True
    assert ultimatum["canonical"]["num_articles"] >= 1
    assert ultimatum["id"] == f"{ultimatum['article']['id']}-{ultimatum['event_id']}"
    text = store.sql("SELECT text FROM articles WHERE article_key = ?", [ultimatum["article"]["id"]]).text[0]
    trigger = ultimatum["trigger"]
    assert text[trigger["start"]:trigger["end"]] == "issued an ultimatum"


# --- sorting and pagination ---------------------------------------------------------------------

@pytest.mark.parametrize("sort", ["-date", "date", "-goldstein", "goldstein", "-mentions", "confidence"])
def test_pages_follow_the_sort_without_repeats_or_gaps(corpus, sort):
    client, store = corpus
    paged = all_pages(client, {"sort": sort, "include_hypothetical": "true"}, limit=37)
    assert len(paged) == len({r["id"] for r in paged}) == store.sql("SELECT count(*) AS n FROM events").n[0]
    field = sort.lstrip("-")
    if field == "date":  # a month- or year-dated event sorts on its first day
        keys = [(r["date"] + "-01-01")[:10] for r in paged]
    else:
        keys = [r[field] if r[field] is not None else -99 for r in paged]
    assert keys == sorted(keys, reverse=sort.startswith("-"))
    one_page = client.get("/v1/events", params={"sort": sort, "include_hypothetical": "true", "limit": 500}).json()
    assert [r["id"] for r in one_page["events"]] == [r["id"] for r in paged][:500]


def test_default_order_is_newest_first(corpus):
    client, _ = corpus
    dates = [r["date"] for r in client.get("/v1/events", params={"limit": 100}).json()["events"]]
    assert dates == sorted(dates, reverse=True) and dates[0] >= "2025-12-01"


def test_a_cursor_only_continues_its_own_sort(corpus):
    client, _ = corpus
    cursor = client.get("/v1/events", params={"limit": 2}).json()["next_cursor"]
    assert client.get("/v1/events", params={"cursor": cursor}).status_code == 200
    other = client.get("/v1/events", params={"cursor": cursor, "sort": "goldstein"})
    assert other.status_code == 400 and "sort" in other.json()["error"]
    assert client.get("/v1/events", params={"cursor": "not-a-cursor"}).status_code == 400


# --- one event, dyad series, actors, articles ---------------------------------------------------

def test_one_event_has_its_evidence_and_every_report(corpus):
    client, store = corpus
    counts = store.sql("SELECT canonical_id, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC, canonical_id")
    canonical = counts.canonical_id[0]
    assert counts.n[0] >= 2, "the VOA corpus should report some event twice"
    some = store.sql("SELECT article_key || '-' || id AS id FROM events WHERE canonical_id = ? ORDER BY id DESC",
                     [canonical]).id[0]
    found = client.get(f"/v1/events/{some}").json()
    assert found["id"] == some
    assert [r["canonical"]["id"] for r in found["reports"]] == [canonical] * counts.n[0]
    assert some in {r["id"] for r in found["reports"]}
    for report in found["reports"]:
        offset = report["evidence"]["start"]
        trigger = report["trigger"]
        assert report["text"][trigger["start"] - offset:trigger["end"] - offset] == trigger["text"]
        assert report["article"]["outlet"]
    assert client.get("/v1/events/0000-0000").status_code == 404


def test_dyad_series_counts_the_canonical_events_both_ways(corpus):
    client, store = corpus
    body = client.get("/v1/dyads/USA/VEN/series", params={"by": "day"}).json()
    assert body["by"] == "day" and body["directed"] is False
    periods = body["periods"]
    assert [p["period"] for p in periods] == sorted(p["period"] for p in periods)
    pair = ("happened AND ((source_country = 'USA' AND target_country = 'VEN') OR "
            "(source_country = 'VEN' AND target_country = 'USA'))")
    truth = store.sql("SELECT date, count(*) AS n, sum(goldstein) AS g FROM canonical_events WHERE "
                      f"{pair} AND length(date_text) = 10 GROUP BY date")
    expected = {d.date().isoformat(): (n, round(g, 6)) for d, n, g in zip(truth.date, truth.n, truth.g)}
    got = {p["period"]: (p["events"], round(p["goldstein_sum"], 6)) for p in periods if p["events"]}
    assert got == expected and "2025-12-01" in got
    month_dated = store.sql(f"SELECT date, count(*) AS n FROM canonical_events WHERE {pair} AND length(date_text) = 7 "
                            "GROUP BY date")
    first_days = {d.date().isoformat(): n for d, n in zip(month_dated.date, month_dated.n)}
    assert "2025-11-01" in first_days, "the seed's phone call of late November"
    assert {p["period"]: p["month_dated"] for p in periods if p["month_dated"]} == first_days
    for p in periods:
        quads = p["verbal_cooperation"] + p["material_cooperation"] + p["verbal_conflict"] + p["material_conflict"]
        assert quads == p["events"] == sum(p["types"].values())
    seed_day = next(p for p in periods if p["period"] == "2025-12-01")
    assert seed_day["types"]["REQUEST"] >= 1 and seed_day["types"]["REJECT"] >= 1
    directed = client.get("/v1/dyads/USA/VEN/series", params={"by": "day", "directed": "true"}).json()
    assert sum(p["events"] for p in directed["periods"]) < sum(p["events"] for p in periods)
    everything = client.get("/v1/dyads/usa/ven/series", params={"by": "day", "include_hypothetical": "true"}).json()
    assert sum(p["events"] for p in everything["periods"]) > sum(p["events"] for p in periods)
    weeks = client.get("/v1/dyads/USA/VEN/series", params={"by": "week", "since": "2025-11-01"}).json()["periods"]
    since_november = sum(n for day, (n, _) in expected.items() if day >= "2025-11-01")
    assert weeks[0]["period"] == "2025-10-27" and sum(p["events"] for p in weeks) == since_november
    # the week of 27 October holds 1 and 2 November, not the events dated only to November
    first_mondays = collections.Counter()
    for day, n in first_days.items():
        if day >= "2025-11-01":
            first = dt.date.fromisoformat(day)
            first_mondays[(first + dt.timedelta(days=-first.weekday() % 7)).isoformat()] += n
    assert {p["period"]: p["month_dated"] for p in weeks if p["month_dated"]} == first_mondays
    assert first_mondays["2025-11-03"] >= 1


def test_actors_and_dyads_are_ranked_by_activity(corpus):
    client, store = corpus
    body = client.get("/v1/actors", params={"limit": 5}).json()
    usa = store.sql("SELECT count(*) FILTER (WHERE source_country = 'USA') + count(*) FILTER "
                    "(WHERE target_country = 'USA') AS n FROM canonical_events WHERE happened").n[0]
    assert body["actors"][0] == {**body["actors"][0], "actor": "USA", "name": "United States", "events": usa}
    assert [a["events"] for a in body["actors"]] == sorted((a["events"] for a in body["actors"]), reverse=True)
    assert "GOV" not in {a["actor"] for a in body["actors"]}, "a bare sector is nobody in particular"
    top = body["dyads"][0]
    named = "({r}_country IS NOT NULL OR {r}_code <> {r}_sector)"
    expected = store.sql(f"""
        SELECT least(s, t) AS a, greatest(s, t) AS b, count(*) AS n FROM (
            SELECT coalesce(source_country, source_code) AS s, coalesce(target_country, target_code) AS t
            FROM canonical_events WHERE happened AND {named.format(r='source')} AND {named.format(r='target')})
        WHERE s <> t GROUP BY ALL ORDER BY n DESC, a, b LIMIT 1""").iloc[0]
    assert (top["a"], top["b"], top["events"]) == (expected.a, expected.b, expected.n) and top["b_name"]
    assert top["a_to_b"] + top["b_to_a"] == top["events"]
    assert top["cooperation"] + top["conflict"] <= top["events"]
    codes = client.get("/v1/actors", params={"level": "code", "limit": 200}).json()
    names = {a["actor"]: a["name"] for a in codes["actors"]}
    assert names["USAGOV"] == "United States government" and len(codes["actors"]) <= 200


def test_articles_list_and_one_article_with_its_events(corpus):
    client, store = corpus
    listed = client.get("/v1/articles", params={"limit": 200}).json()["articles"]
    assert len(listed) == store.counts()["articles"]
    seed = next(a for a in listed if a["doc_id"] == "venezuela-ultimatum")
    article = client.get(f"/v1/articles/{seed['id']}").json()
    assert article["events"] and len(article["events"]) == seed["events"]
    assert any(not e["happened"] for e in article["events"]), "hypotheticals are part of the article"
    for event in article["events"]:
        trigger = event["trigger"]
        assert article["text"][trigger["start"]:trigger["end"]] == trigger["text"]
    assert client.get("/v1/articles/nope").status_code == 404


def test_openapi_document_lists_every_endpoint(corpus):
    client, _ = corpus
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/v1/code", "/v1/articles", "/v1/events", "/v1/events/{event_id}", "/v1/dyads/{a}/{b}/series",
                 "/v1/actors", "/v1/articles/{key}", "/v1/vocabulary", "/healthz"):
        assert path in paths


# --- writing, coding, auth ----------------------------------------------------------------------

def test_code_returns_records_and_stores_nothing(small_db, tmp_path):
    app = create_app(str(copy_of(small_db, tmp_path)), token=TOKEN)
    with TestClient(app) as client:
        before = client.get("/healthz").json()["counts"]
        reply = client.post("/v1/code", json={"id": "x", "text": "Iran accused Israel of sabotage.",
                                              "date": "2024-01-02"})
        assert reply.status_code == 200
        [event] = reply.json()["events"]
        assert (event["source"]["code"], event["event_type"], event["target"]["code"]) == ("IRN", "ACCUSE", "ISR")
        assert event["doc_id"] == "x" and event["date"] == "2024-01-02"
        assert reply.json()["story_type"] == "ACCUSE" and reply.json()["top_event"] == event["id"]
        assert client.get("/healthz").json()["counts"] == before
        assert client.post("/v1/code", json={"text": "  "}).json() == \
            {"error": "body: text is only whitespace", "status": 422}
        assert client.post("/v1/code", json={"text": 5}).status_code == 422


def test_storing_articles_needs_the_token_and_keeps_good_ones_beside_bad(small_db, tmp_path):
    app = create_app(str(copy_of(small_db, tmp_path)), token=TOKEN)
    good = {"id": "new", "text": "Iran accused Israel of sabotage.", "date": "2024-01-02", "source": "AFP"}
    with TestClient(app) as client:
        missing = client.post("/v1/articles", json=good)
        assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
        wrong = client.post("/v1/articles", json=good, headers={"Authorization": "Bearer guess"})
        assert wrong.status_code == 401 and "wrong" in wrong.json()["error"]
        batch = [good, {"id": "bad", "text": 7}, {"id": "baddate", "text": "Iran met Iraq.", "date": "soon"},
                 {"id": SMALL[0].id, "text": SMALL[0].text, "date": SMALL[0].published}, good]
        reply = client.post("/v1/articles", json=batch, headers=AUTH)
        assert reply.status_code == 201
        body = reply.json()
        assert [r["status"] for r in body["results"]] == ["stored", "error", "error", "already stored",
                                                          "already stored"]
        assert (body["stored"], body["skipped"], body["failed"]) == (1, 2, 2)
        assert body["results"][1]["error"] == "body[1]: 'text' must be a string, not number"
        assert "date" in body["results"][2]["error"]
        stored = client.get(f"/v1/articles/{body['results'][0]['id']}").json()
        assert stored["doc_id"] == "new" and stored["outlet"] == "AFP"
        assert [e["event_type"] for e in stored["events"]] == ["ACCUSE"]
        again = client.post("/v1/articles", json=good, headers=AUTH)
        assert again.status_code == 200 and again.json()["results"][0]["status"] == "already stored"
        nothing = client.post("/v1/articles", json=[{"text": ""}], headers=AUTH)
        assert nothing.status_code == 422 and nothing.json()["failed"] == 1
        assert client.post("/v1/articles", json=[], headers=AUTH).status_code == 422
        assert client.post("/v1/articles", json=[good] * 101, headers=AUTH).status_code == 422
    with open_store(app.state.store.path, read_only=True) as store:
        assert store.counts()["articles"] == len(SMALL) + 1


@pytest.mark.parametrize("token", [None, ""])
def test_without_a_token_writes_are_off_and_the_store_read_only(small_db, token):
    app = create_app(str(small_db), token=token)
    with TestClient(app) as client:
        for auth in (AUTH, {"Authorization": "Bearer "}, {}):
            reply = client.post("/v1/articles", json={"text": "Iran met Iraq."}, headers=auth)
            assert reply.status_code == 403 and "--token" in reply.json()["error"]
        assert client.get("/v1/events").status_code == 200
    assert app.state.store.read_only


def test_private_reads_need_the_token_but_health_does_not(small_db, tmp_path):
    with TestClient(create_app(str(copy_of(small_db, tmp_path)), token=TOKEN, private=True)) as client:
        for path in ("/v1/events", "/v1/actors", "/v1/articles", "/v1/dyads/RUS/UKR/series"):
            assert client.get(path).status_code == 401
            assert client.get(path, headers=AUTH).status_code == 200
        assert client.post("/v1/code", json={"text": "Iran met Iraq."}).status_code == 401
        assert client.get("/healthz").status_code == 200
    with pytest.raises(ValueError, match="--private needs a token"):
        create_app(str(small_db), private=True)


def test_a_body_over_the_limit_is_refused_declared_or_streamed(small_db, tmp_path):
    app = create_app(str(copy_of(small_db, tmp_path)), token=TOKEN, max_body=200)
    big = {"text": "Iran met Iraq. " * 40}
    with TestClient(app) as client:
        declared = client.post("/v1/code", json=big)
        assert declared.status_code == 413 and "200 bytes" in declared.json()["error"]
        streamed = client.post("/v1/articles", headers={**AUTH, "content-type": "application/json"},
                               content=(chunk.encode() for chunk in [json.dumps(big)[:150], json.dumps(big)[150:]]))
        assert streamed.status_code == 413
        assert client.get("/healthz").json()["counts"]["articles"] == len(SMALL)


# --- bad requests ----------------------------------------------------------------------------------

BAD = [
    ("/v1/events", {"sinse": "2025-01-01"}, "sinse"),
    ("/v1/events", {"since": "2025-13-01"}, "since"),
    ("/v1/events", {"until": "yesterday"}, "until"),
    ("/v1/events", {"limit": "0"}, "limit"),
    ("/v1/events", {"limit": "501"}, "limit"),
    ("/v1/events", {"limit": "ten"}, "limit"),
    ("/v1/events", {"actor": "USA' OR 1=1 --"}, "actor"),
    ("/v1/events", {"dyad": "USA"}, "dyad"),
    ("/v1/events", {"type": "INVADE"}, "type"),
    ("/v1/events", {"actor": "XYZ"}, "'XYZ'"),
    ("/v1/events", {"dyad": "USA:QQQGOV"}, "'QQQGOV'"),
    ("/v1/events", {"target": "NOPE"}, "'NOPE'"),
    ("/v1/events", {"cameo": "3"}, "'3'"),
    ("/v1/dyads/USA/XYZ/series", {}, "'XYZ'"),
    ("/v1/events", {"cameo": "1x"}, "cameo"),
    ("/v1/events", {"cameo_root": "190"}, "cameo_root"),
    ("/v1/events", {"quad_class": "5"}, "quad_class"),
    ("/v1/events", {"attribution": "rumoured"}, "attribution"),
    ("/v1/events", {"modality": "maybe"}, "modality"),
    ("/v1/events", {"sort": "size"}, "sort"),
    ("/v1/events", {"include_hypothetical": "perhaps"}, "include_hypothetical"),
    ("/v1/dyads/USA/VEN/series", {"by": "year"}, "by"),
    ("/v1/dyads/USA/VEN/series", {"since": "1 May"}, "since"),
    ("/v1/dyads/U/VEN/series", {}, "a"),
    ("/v1/actors", {"level": "person"}, "level"),
    ("/v1/actors", {"limit": "1000"}, "limit"),
    ("/v1/articles", {"offset": "-1"}, "offset"),
]


@pytest.mark.parametrize("path,params,name", BAD, ids=[f"{p} {json.dumps(q)}" for p, q, _ in BAD])
def test_bad_parameters_get_a_422_naming_them(small_db, path, params, name):
    with TestClient(create_app(str(small_db))) as client:
        reply = client.get(path, params=params)
    assert reply.status_code == 422
    body = reply.json()
    assert body["status"] == 422 and name in body["error"]


def test_errors_are_json_without_stack_traces(small_db, monkeypatch):
    from eventwire.store import Store

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals at /srv/db")

    monkeypatch.setattr(Store, "actors", broken)
    with TestClient(create_app(str(small_db)), raise_server_exceptions=False) as client:
        crashed = client.get("/v1/actors")
        assert crashed.status_code == 500
        assert crashed.json() == {"error": "internal error: the server log has the details", "status": 500}
        assert "secret" not in crashed.text and "Traceback" not in crashed.text
        for reply in (client.get("/v1/nothing-here"), client.delete("/v1/events"),
                      client.post("/v1/code", content=b"{oops", headers={"content-type": "application/json"})):
            assert 400 <= reply.status_code < 500 and reply.headers["content-type"] == "application/json"
            assert reply.json()["error"] and "Traceback" not in reply.text


def test_vocabulary_lists_values_every_filter_accepts(small_db):
    with TestClient(create_app(str(small_db))) as client:
        vocab = client.get("/v1/vocabulary").json()
        assert len(vocab["event_types"]) == 16 and "THREATEN" in vocab["event_types"]
        assert [r["code"] for r in vocab["cameo_roots"]] == [f"{i:02d}" for i in range(1, 21)]
        assert vocab["cameo_roots"][12] == {"code": "13", "name": "Threaten"}
        assert [q["value"] for q in vocab["quad_classes"]] == [1, 2, 3, 4]
        asks = [{"type": t} for t in vocab["event_types"]] + [{"cameo_root": r["code"]} for r in vocab["cameo_roots"]] \
            + [{"quad_class": q["value"]} for q in vocab["quad_classes"]] + [{"sort": s} for s in vocab["sorts"]] \
            + [{"attribution": a} for a in vocab["attributions"]] + [{"modality": m} for m in vocab["modalities"]]
        for params in asks:
            assert client.get("/v1/events", params=params).status_code == 200, params


def test_docs_and_dashboard_load_nothing_from_elsewhere(small_db):
    with TestClient(create_app(str(small_db))) as client:
        for page in ("/docs", "/redoc", "/"):
            html = client.get(page)
            assert html.status_code == 200
            sources = re.findall(r'(?:src|href)="([^"]+)"', html.text)
            assert sources and not [s for s in sources if "//" in s], f"{page} loads {sources}"
            for source in sources:
                if not source.startswith("data:"):
                    assert client.get(source if source.startswith("/") else "/" + source).status_code == 200
        policy = client.get("/").headers["content-security-policy"]
        assert "script-src 'self'" in policy and "connect-src 'self'" in policy


# --- the command ------------------------------------------------------------------------------------

def test_serve_refuses_what_it_cannot_serve(small_db, tmp_path):
    import subprocess
    import sys

    from click.testing import CliRunner

    from eventwire.cli import main

    runner = CliRunner()
    no_token = {"EVENTWIRE_TOKEN": ""}
    private = runner.invoke(main, ["serve", "--db", str(small_db), "--private"], env=no_token)
    assert private.exit_code == 2 and "--private needs a token" in private.output
    missing = runner.invoke(main, ["serve", "--db", str(tmp_path / "none.duckdb")], env=no_token)
    assert missing.exit_code == 2 and "no such store" in missing.output
    held = copy_of(small_db, tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, eventwire; s = eventwire.open_store(sys.argv[1]); "
                               "print('open', flush=True); sys.stdin.read()", str(held)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        busy = runner.invoke(main, ["serve", "--db", str(held)], env=no_token)
        assert busy.exit_code == 2 and "in use by another process" in busy.output
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_a_real_server_answers_concurrent_reads_while_it_stores(small_db, tmp_path, live_server):
    """uvicorn on a loopback port: readers in eight threads while articles are posted."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    with live_server(create_app(str(copy_of(small_db, tmp_path)), token=TOKEN)) as base:
        reads = ["/v1/events?actor=RUS", "/v1/dyads/RUS/UKR/series?by=day", "/v1/actors", "/v1/articles"] * 10
        posts = [{"id": f"new-{i}", "text": f"Iran accused Israel of sabotage in attack number {i}.",
                  "date": "2024-01-02"} for i in range(3)]
        with ThreadPoolExecutor(8) as pool:
            written = pool.submit(lambda: [httpx.post(base + "/v1/articles", json=p, headers=AUTH, timeout=120)
                                           for p in posts])
            answers = list(pool.map(lambda path: httpx.get(base + path, timeout=60), reads))
            stored = written.result()
        assert [a.status_code for a in answers] == [200] * len(reads)
        assert [r.status_code for r in stored] == [201] * 3
        assert httpx.get(base + "/healthz").json()["counts"]["articles"] == len(SMALL) + 3


def test_vocabulary_filters_are_the_event_parameters(small_db):
    with TestClient(create_app(str(small_db))) as client:
        vocab = client.get("/v1/vocabulary").json()
        parameters = {p["name"] for p in client.get("/openapi.json").json()["paths"]["/v1/events"]["get"]["parameters"]}
    names = [f["name"] for f in vocab["filters"]]
    assert set(names) | {"sort", "limit", "cursor", "count"} == parameters
    assert next(f for f in vocab["filters"] if f["name"] == "type")["choices"] == vocab["event_types"]
    assert [s["value"] for s in vocab["sort_names"]] == vocab["sorts"] and vocab["periods"] == ["day", "week", "month"]


def test_store_codes_through_the_app_runner_and_code_through_its_own_workers(small_db, tmp_path):
    """A write codes in the server's process; the public POST /v1/code in worker processes of its
    own (issue 17: a public coding request must never hold a write up)."""
    app = create_app(str(copy_of(small_db, tmp_path)), token=TOKEN)
    batches, coded = [], []
    with TestClient(app) as client:
        real_map, real_code = app.state.runner.map, app.state.code_runner.code
        app.state.runner.map = lambda items: (batches.append(len(b)) or b for b in real_map(items))
        app.state.code_runner.code = lambda batch: coded.append(len(batch)) or real_code(batch)
        assert client.post("/v1/code", json={"text": "Iran accused Israel of sabotage."}).status_code == 200
        stored = client.post("/v1/articles", json={"id": "r", "text": "Iran met Iraq in Baghdad."}, headers=AUTH)
        assert stored.status_code == 201
    assert batches == [1] and coded == [1]
