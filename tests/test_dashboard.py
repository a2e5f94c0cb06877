"""The dashboard in a real browser (Playwright, headless Chromium) against a real
`eventwire serve` subprocess over a copy of the seed + VOA store. Each test checks what an
analyst would look at; the expected data comes from the API itself, never hard-coded
beyond the seed article's well-known events. Screenshots of every view are written to
$EVENTWIRE_TEST_ARTIFACTS (default: test-artifacts/ in the repository)."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import XSS_ARTICLE

CHROMIUM = "/usr/bin/chromium"
REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("EVENTWIRE_TEST_ARTIFACTS", REPO / "test-artifacts"))
TOKEN = "dashboard-s3cret"


def _missing(problem: str) -> None:
    """Skip without a browser, except on CI, which must run these tests."""
    if os.environ.get("CI"):
        pytest.fail(f"{problem}; CI must run the browser tests")
    pytest.skip(problem)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(db: Path, log: Path, *options: str):
    """``eventwire serve`` on ``db`` at a free port; yields its base URL once /healthz answers."""
    port = _free_port()
    with open(log, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--port", str(port),
                                 "--host", "127.0.0.1", *options], stdout=subprocess.DEVNULL, stderr=err)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                state = f"exited with {proc.returncode}" if proc.poll() is not None else "no answer in 60 s"
                pytest.fail(f"eventwire serve {state}; stderr:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _copy(corpus_store, tmp_path_factory, name: str) -> Path:
    """A private copy of the session store (DuckDB locks a file per process)."""
    path = tmp_path_factory.mktemp(name) / "events.duckdb"
    shutil.copy(corpus_store, path)
    return path


@pytest.fixture(scope="module")
def server(corpus_store, tmp_path_factory):
    db = _copy(corpus_store, tmp_path_factory, "dashboard")
    with serving(db, db.with_suffix(".log")) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed")
    if not Path(CHROMIUM).exists():
        _missing(f"no browser at {CHROMIUM}")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page (own sessionStorage); fails the test on any uncaught script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    yield page
    context.close()
    assert not errors, f"script errors in the page: {errors}"


def api(base: str, path: str, **params):
    """GET base + path as JSON: what the dashboard should be showing."""
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
    with urllib.request.urlopen(base + path + ("?" + query if query else ""), timeout=10) as response:
        return json.load(response)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def row_ids(page) -> set[str]:
    return set(page.locator("[data-testid=event-row]").evaluate_all("rows => rows.map(r => r.dataset.eventId)"))


def dyad_events(base: str, hypothetical: bool = False) -> list[dict]:
    return api(base, "v1/events", dyad="USA:VEN", directed="false", limit=500,
               include_hypothetical="true" if hypothetical else None)["events"]


# --- dyad view ------------------------------------------------------------------------------

def test_dyad_view_shows_the_seed_escalation(server, page):
    series = api(server, "v1/dyads/USA/VEN/series", by="week")
    seed_week = next(p for p in series["periods"] if p["period"] == "2025-12-01")
    events = dyad_events(server)
    triggers = {(e["event_type"], e["trigger"]["text"]) for e in events}
    assert {("THREATEN", "issued an ultimatum"), ("REJECT", "rejected"), ("REQUEST", "Resign")} <= triggers

    page.goto(server)
    expect(page.get_by_test_id("dyad-a")).to_have_value("USA")
    expect(page.get_by_test_id("dyad-b")).to_have_value("VEN")
    expect(page.get_by_test_id("dyad-b").locator("option:checked")).to_have_text("VEN — Venezuela")
    # an analyst looking at another pair picks USA and VEN again
    page.get_by_test_id("dyad-a").select_option("CHN")
    page.get_by_test_id("dyad-b").select_option("PAK")
    expect(page.get_by_role("heading", level=1)).to_have_text("CHN ⇄ PAK")
    page.get_by_test_id("dyad-a").select_option("USA")
    page.get_by_test_id("dyad-b").select_option("VEN")
    expect(page.get_by_role("heading", level=1)).to_have_text("USA ⇄ VEN")
    expect(page.get_by_test_id("legend")).to_contain_text("material conflict")
    # the seed's week: stacked quad bars adding up to its events, and a (negative) Goldstein bar
    week = page.locator("[data-testid=timeline] [data-period='2025-12-01']")
    expect(week.locator("[data-testid=quad-bar]")).to_have_count(
        sum(1 for key in ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
            if seed_week[key]))
    expect(week).to_have_attribute("data-events", str(seed_week["events"]))
    expect(week.locator("[data-testid=goldstein-bar]")).to_have_class(re.compile("g-neg"))
    expect(page.get_by_test_id("timeline")).to_contain_text("Goldstein sum")
    # the table lists exactly the dyad's reports that happened
    rows = page.locator("[data-testid=event-row]")
    expect(rows).to_have_count(len(events))
    assert row_ids(page) == {e["id"] for e in events}
    threat = rows.filter(has_text="issued an ultimatum")
    expect(threat).to_contain_text("THREATEN")
    expect(threat.get_by_test_id("attribution")).to_have_text("asserted")
    shot(page, "dyad")

    # a daily series has a bar on 2025-12-01 too
    page.get_by_test_id("dyad-by").select_option("day")
    seed_day = page.locator("[data-testid=timeline] [data-period='2025-12-01'] [data-testid=quad-bar]")
    expect(seed_day.first).to_be_visible()


def test_hypothetical_toggle_lists_events_that_did_not_happen(server, page):
    happened, every = dyad_events(server), dyad_events(server, hypothetical=True)
    not_happened = [e for e in every if not e["happened"]]
    assert {(e["event_type"], e["trigger"]["text"]) for e in not_happened} >= {("CONCEDE", "step down"),
                                                                                ("THREATEN", "threats")}
    page.goto(server + "#/dyad?a=USA&b=VEN")
    rows = page.locator("[data-testid=event-row]")
    expect(rows).to_have_count(len(happened))
    expect(rows.filter(has_text="step down")).to_have_count(0)

    page.get_by_test_id("dyad-hypothetical").check()
    expect(rows).to_have_count(len(every))
    assert row_ids(page) == {e["id"] for e in every}
    for trigger in ("step down", "threats"):
        expect(rows.filter(has_text=trigger).get_by_test_id("modality")).to_have_text("hypothetical")

    page.get_by_test_id("dyad-hypothetical").uncheck()
    expect(rows).to_have_count(len(happened))


# --- an event, its evidence and its article -------------------------------------------------

def test_expanded_event_highlights_its_evidence_and_leads_to_its_article(server, page):
    threat = next(e for e in dyad_events(server) if e["trigger"]["text"] == "issued an ultimatum")
    page.goto(server)
    page.locator("[data-testid=event-row]", has_text="issued an ultimatum").click()
    detail = page.get_by_test_id("event-detail")
    evidence = detail.get_by_test_id("evidence")
    expect(evidence).to_have_text(threat["text"])
    expect(evidence.get_by_test_id("hl-trigger")).to_have_text("issued an ultimatum")
    expect(evidence.get_by_test_id("hl-source")).to_have_text(threat["source"]["text"])
    expect(evidence.get_by_test_id("hl-target")).to_have_text(threat["target"]["text"])
    reports = detail.get_by_test_id("report")
    expect(reports).to_have_count(len(api(server, "v1/events/" + threat["id"])["reports"]))
    expect(reports.first).to_contain_text("venezuela-ultimatum")
    shot(page, "event-expanded")

    reports.first.get_by_test_id("report-article-link").click()
    expect(page).to_have_url(re.compile(r"#/article/"))
    text = page.get_by_test_id("article-text")
    expect(text).to_contain_text("US President Donald Trump has issued an ultimatum")
    article = api(server, "v1/articles/" + threat["article"]["id"])
    triggers = {e["trigger"]["text"] for e in article["events"]}
    marks = text.get_by_test_id("trigger-mark")
    assert set(marks.all_inner_texts()) == triggers
    # the event we came from is picked out; pointing at another trigger shows that one
    expect(text.locator("mark.current")).to_have_text("issued an ultimatum")
    expect(page.get_by_test_id("event-card")).to_contain_text("THREATEN")
    marks.filter(has_text=re.compile("^rejected$")).hover()
    card = page.get_by_test_id("event-card")
    expect(card).to_contain_text("REJECT")
    expect(card.get_by_test_id("attribution")).to_have_text("claimed")
    shot(page, "article")


def test_evidence_skips_actor_offsets_that_are_null(server, page):
    # "Resign": the target (Maduro) is implied, so it has no offsets and no highlight
    request = next(e for e in dyad_events(server) if e["trigger"]["text"] == "Resign")
    assert request["target"]["start"] is None
    page.goto(server)
    page.locator("[data-testid=event-row]", has_text="Resign").click()
    detail = page.get_by_test_id("event-detail")
    expect(detail.get_by_test_id("hl-trigger")).to_have_text("Resign")
    expect(detail.get_by_test_id("hl-source")).to_have_text(request["source"]["text"])
    expect(detail.get_by_test_id("hl-target")).to_have_count(0)
    expect(detail.get_by_test_id("quote")).to_have_text(request["quote"]["text"])
    expect(detail).to_contain_text("the Miami Herald")


# --- events, articles and actors ------------------------------------------------------------

def test_event_filters_and_load_more(server, page):
    threats = api(server, "v1/events", type="THREATEN", limit=500)["events"]
    page.goto(server + "#/events")
    rows = page.locator("[data-testid=event-row]")
    expect(rows).to_have_count(50)
    first_page = row_ids(page)
    page.get_by_test_id("load-more").click()
    expect(rows).to_have_count(min(100, len(api(server, "v1/events", limit=500)["events"])))
    assert first_page < row_ids(page)
    shot(page, "events")

    page.get_by_test_id("filter-type").select_option("THREATEN")
    page.get_by_test_id("filter-apply").click()
    expect(page).to_have_url(re.compile(r"#/events\?type=THREATEN$"))
    expect(rows).to_have_count(len(threats))
    assert set(rows.evaluate_all("rows => rows.map(r => r.dataset.type)")) == {"THREATEN"}

    page.goto(server + "#/events?attribution=claimed,denied&include_hypothetical=true")
    badges = page.locator("[data-testid=event-row] [data-testid=attribution]")
    expect(badges.first).to_be_visible()
    assert set(badges.all_inner_texts()) <= {"claimed", "denied"}
    expect(page.get_by_test_id("filter-attribution-denied")).to_be_checked()


def test_actor_view_shows_actors_and_the_dyad_network(server, page):
    actors = api(server, "v1/actors", level="country", limit=40)
    page.goto(server + "#/actors")
    expect(page.locator("[data-testid=actor-row][data-actor=USA]")).to_be_visible()
    network = page.get_by_test_id("network")
    expect(network.get_by_test_id("network-edge")).to_have_count(min(30, len(actors["dyads"])))
    expect(network.locator("[data-testid=network-node][data-actor=VEN]")).to_be_visible()
    shot(page, "actors")

    # edges from one node can cross at the middle, where a click lands on the line drawn last, so the
    # edge is opened from the keyboard (focus it, Enter), which runs the same handler as a click
    network.locator("[data-testid=network-edge][data-a=USA][data-b=VEN]").press("Enter")
    expect(page).to_have_url(re.compile(r"#/dyad\?a=USA&b=VEN"))
    expect(page.get_by_test_id("dyad-a")).to_have_value("USA")
    expect(page.get_by_test_id("dyad-b")).to_have_value("VEN")


def test_actor_view_with_events_that_did_not_happen(server, page):
    """Issue 17: ticking "include hypothetical/negated" with no dates showed "internal error"."""
    every = api(server, "v1/actors", level="country", limit=40, include_hypothetical="true")
    usa = next(a for a in every["actors"] if a["actor"] == "USA")
    page.goto(server + "#/actors")
    expect(page.locator("[data-testid=actor-row][data-actor=USA]")).to_be_visible()
    page.get_by_label("include hypothetical/negated").check()
    expect(page).to_have_url(re.compile(r"#/actors\?.*hypothetical=1"))
    expect(page.locator("[data-testid=actor-row][data-actor=USA]")).to_contain_text(str(usa["events"]))
    expect(page.get_by_test_id("message")).to_be_hidden()


def test_articles_list_and_api_errors(server, page):
    page.goto(server + "#/article")
    total = len(api(server, "v1/articles", limit=500)["articles"])
    expect(page.get_by_test_id("article-row")).to_have_count(min(50, total))
    shot(page, "articles")
    page.get_by_test_id("load-more").click()
    expect(page.get_by_test_id("article-row")).to_have_count(min(100, total))
    page.get_by_role("link", name="venezuela-ultimatum").click()
    expect(page.get_by_test_id("article-meta")).to_contain_text("2025-12-01")

    page.goto(server + "#/article/no-such-article")
    expect(page.get_by_test_id("message")).to_contain_text("404")
    page.goto(server + "#/events?since=2025-13-01")
    expect(page.get_by_test_id("message")).to_contain_text("since")


def test_month_dated_events_are_drawn_apart_and_marked_in_the_table(server, page):
    series = api(server, "v1/dyads/USA/VEN/series", by="week")
    apart = {p["period"]: p["month_dated"] for p in series["periods"] if p["month_dated"]}
    assert apart.get("2025-11-03"), "the seed's phone call of late November, on the first week of November"
    page.goto(server + "#/dyad?a=USA&b=VEN&by=week")
    bars = page.locator("[data-testid=month-dated-bar]")
    expect(bars).to_have_count(len(apart))
    expect(page.locator("[data-period='2025-11-03'] [data-testid=month-dated-bar]")).to_have_attribute(
        "data-count", str(apart["2025-11-03"]))
    expect(page.get_by_test_id("legend")).to_contain_text("dated only to the month")
    expect(page.get_by_test_id("month-dated-note")).to_contain_text("not in the counts")
    month_rows = page.locator("[data-testid=event-row]").filter(has=page.get_by_test_id("month-only"))
    expect(month_rows.first).to_contain_text("2025-11")
    shot(page, "dyad-month-dated")


def test_a_view_says_it_is_loading_and_articles_is_a_route_too(server, page):
    held = []
    page.route(re.compile(r".*/v1/articles\?.*"), lambda route: held.append(route))
    page.goto(server + "#/articles")
    expect(page.get_by_test_id("view-loading")).to_be_visible()
    expect(page.get_by_test_id("view")).to_have_attribute("aria-busy", "true")
    expect(page.get_by_test_id("view-loading")).to_be_visible()
    assert held, "the article list was asked for"
    held[0].continue_()
    expect(page.get_by_test_id("article-row").first).to_be_visible()
    expect(page.get_by_test_id("view-loading")).to_have_count(0)
    expect(page.get_by_test_id("nav-articles")).to_have_class(re.compile("active"))
    dates = [d for d in page.locator("[data-testid=article-row] td.date").all_inner_texts() if d != "—"]
    assert dates == sorted(dates, reverse=True), "newest first"
    expect(page.get_by_test_id("article-row").first.locator("td.outlet")).not_to_have_text(re.compile("^[0-9a-f]{20}$"))


def test_menus_come_from_the_vocabulary(server, page):
    vocab = api(server, "v1/vocabulary")
    page.goto(server + "#/events")
    expect(page.get_by_test_id("filter-sort").locator("option")).to_have_count(len(vocab["sorts"]))
    expect(page.get_by_test_id("filter-type").locator("option")).to_have_count(len(vocab["event_types"]) + 1)
    expect(page.get_by_test_id("filter-quad_class").locator("option")).to_have_count(len(vocab["quad_classes"]) + 1)
    source = (Path(__file__).resolve().parents[1] / "src/eventwire/api/static/app.js").read_text(encoding="utf-8")
    assert "EVENT_FILTERS" not in source and "THREATEN" not in source and '"-date", "newest' not in source


# --- escaping and the token -----------------------------------------------------------------

def test_markup_in_articles_is_shown_as_text(server, page):
    key = next(a["id"] for a in api(server, "v1/articles", limit=500)["articles"] if a["doc_id"] == XSS_ARTICLE["id"])
    page.goto(server + "#/article/" + key)
    expect(page.get_by_test_id("article-title")).to_have_text(XSS_ARTICLE["title"])
    text = page.get_by_test_id("article-text")
    expect(text).to_have_text(XSS_ARTICLE["text"])
    text.get_by_text("war crimes").hover()
    text.get_by_test_id("trigger-mark").first.hover()
    shot(page, "xss-article")

    page.goto(server + "#/events?q=script")
    row = page.locator("[data-testid=event-row]").first
    row.click()
    expect(page.get_by_test_id("evidence")).to_contain_text("<script>window.__xss = 2</script>")
    expect(page.get_by_test_id("report-article-link")).to_have_text(XSS_ARTICLE["title"])
    shot(page, "xss-event")

    assert page.evaluate("window.__xss") is None
    assert page.locator("img").count() == 0
    assert page.locator("[data-testid=view] script, [data-testid=view] b").count() == 0


def test_private_server_asks_for_a_token(corpus_store, tmp_path_factory, page):
    db = _copy(corpus_store, tmp_path_factory, "private")
    with serving(db, db.with_suffix(".log"), "--token", TOKEN, "--private") as base:
        page.goto(base)
        form = page.get_by_test_id("token-form")
        expect(form).to_contain_text("missing bearer token")
        shot(page, "token")
        page.get_by_test_id("token-input").fill("wrong")
        form.get_by_role("button").click()
        expect(page.get_by_test_id("token-form")).to_contain_text("wrong bearer token")
        page.get_by_test_id("token-input").fill(TOKEN)
        page.get_by_test_id("token-form").get_by_role("button").click()
        expect(page.get_by_test_id("dyad-a")).to_have_value("USA")
        expect(page.get_by_test_id("message")).to_be_hidden()
        expect(page.locator("[data-testid=event-row]").first).to_be_visible()
        assert page.evaluate("sessionStorage.getItem('eventwire.token')") == TOKEN


# --- the API's own documentation page ------------------------------------------------------

def test_api_docs_render_from_files_the_server_ships(server, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server + "docs")
    expect(page.locator(".opblock-summary-path", has_text="/v1/dyads/{a}/{b}/series")).to_be_visible()
    assert requested and all(url.startswith(server) for url in requested), requested
    shot(page, "api-docs")


# --- who says what in an article ------------------------------------------------------------

@pytest.fixture(scope="module")
def attribution_server(tmp_path_factory, coder):
    """``eventwire serve`` over a store whose articles carry the relations of attribution_support."""
    from attribution_support import ARTICLES, AttributingRunner

    from eventwire import open_store

    db = tmp_path_factory.mktemp("dashboard-attributions") / "events.duckdb"
    with open_store(db) as store:
        store.ingest(ARTICLES, runner=AttributingRunner(coder))
    with serving(db, db.with_suffix(".log")) as base:
        yield base


def test_article_view_shows_who_says_what(attribution_server, page):
    base = attribution_server
    key = api(base, "v1/attributions", article="maduro-claims")["attributions"][0]["article"]["id"]
    article = api(base, "v1/articles/" + key)
    relations = article["attributions"]
    assert len(relations) == 3
    page.goto(base + "#/article/" + key)
    expect(page.get_by_test_id("article-meta")).to_contain_text("3 attributions")
    text = page.get_by_test_id("article-text")
    # source, cue and content of each relation set apart in the text, as the API has them
    expect(text.get_by_test_id("attr-source")).to_have_text([r["source"]["text"] for r in relations])
    expect(text.get_by_test_id("attr-cue")).to_have_text([r["cue"]["text"] for r in relations])
    expect(text.get_by_test_id("attr-content")).to_have_text([r["content"]["text"] for r in relations])
    shelling = next(e for e in article["events"] if e["id"] in relations[0]["events"])
    expect(text.get_by_test_id("attr-content").first.get_by_test_id("trigger-mark")).to_have_text(
        shelling["trigger"]["text"])

    rows = page.get_by_test_id("attribution-row")
    expect(rows).to_have_count(3)
    expect(rows.first.get_by_test_id("attribution-source")).to_contain_text("Officials close to Maduro")
    expect(rows.first.get_by_test_id("attribution-source")).to_contain_text("VENGOV")
    expect(rows.first.get_by_test_id("attribution-cue")).to_have_text("said")
    expect(rows.first.get_by_test_id("attribution-events")).to_contain_text(shelling["event_type"])
    expect(rows.nth(2).get_by_test_id("attribution-quote")).to_be_visible()
    expect(rows.nth(0).get_by_test_id("attribution-quote")).to_have_count(0)
    # picking a relation picks out its parts in the text and shows the events inside it
    rows.first.click()
    expect(text.locator(".attr-current")).to_have_text(["Officials close to Maduro", "said",
                                                        "the army had shelled the town"])
    expect(page.get_by_test_id("event-card")).to_contain_text(shelling["event_type"])
    shot(page, "article-attributions")
