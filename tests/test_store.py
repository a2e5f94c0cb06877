"""The DuckDB store through the real coder: idempotent ingest, errors, near-duplicates, canonical
events, and the events/dyad queries."""

import datetime as dt

import pandas as pd
import pytest

from eventwire import open_store
from eventwire.errors import InputError
from eventwire.records import Article

SEED_DATE = "2025-12-01"
KHARKIV = "Russian troops attacked Ukrainian soldiers near Kharkiv. Iran accused Israel of sabotage. " \
          "Russia could attack Ukraine if talks fail."


def corpus(seed_text: str) -> list:
    """Articles and read errors: wire copy, a second outlet, a repost, a duplicate, bad records."""
    return [
        Article(id="wire-1", text=KHARKIV, published="2024-05-06", source="Reuters"),
        Article(id="ap-1", text="Russian forces attacked Ukraine's army near Kharkiv, the Ukrainian military said.",
                published="2024-05-06", source="AP"),
        InputError("not valid JSON (Expecting value, column 1)", "feed.jsonl:7"),
        Article(id="seed", text=seed_text, published=SEED_DATE, source="Miami Herald"),
        Article(id="seed-ap", text=seed_text + "\nThis story first appeared in the Miami Herald.",
                published=SEED_DATE, source="AP"),
        Article(id="wire-1-repost", text=KHARKIV, published="2024-05-06", source="Reuters"),
        Article(id="wire-1", text=KHARKIV, published="2024-05-06", source="Reuters"),  # the same article again
        Article(id="blank", text="   "),
        Article(id="tass-1", text="Russia attacked Ukraine.", published="2024-05-20", source="TASS"),
        Article(id="undated", text="China and Japan held talks in Beijing."),
    ]


@pytest.fixture(scope="module")
def seed_text(shared_data):
    return (shared_data / "seed" / "venezuela-ultimatum.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def store(tmp_path_factory, seed_text):
    path = tmp_path_factory.mktemp("store") / "events.duckdb"
    with open_store(path) as store:
        store.summary = store.ingest(corpus(seed_text), batch_size=3)
        yield store


def table_rows(store, table: str, drop=("ingested_at", "first_ingested_at", "time")) -> list[tuple]:
    frame = store.sql(f"SELECT * FROM {table}")
    frame = frame.drop(columns=[c for c in drop if c in frame.columns])
    return sorted(map(tuple, frame.astype(str).itertuples(index=False)))


def test_summary_counts_stored_skipped_and_failed(store):
    s = store.summary
    assert (s.articles, s.skipped, s.failed) == (7, 1, 2)
    counts = store.counts()
    assert counts["articles"] == 7
    assert counts["events"] == s.events > 10
    assert counts["errors"] == 2
    assert counts["sentences"] == 0  # evidence sentences only with store_sentences


def test_ingesting_again_adds_nothing(store, seed_text):
    before = {t: table_rows(store, t) for t in ("articles", "events", "actors", "canonical_events", "errors")}
    again = store.ingest(corpus(seed_text), batch_size=4)
    assert (again.articles, again.events, again.skipped) == (0, 0, 8)
    assert {t: table_rows(store, t) for t in before} == before


def test_errors_table_names_file_line_and_reason(store):
    errors = store.sql("SELECT file, line, reason FROM errors ORDER BY file")
    assert errors.iloc[1].tolist()[:2] == ["feed.jsonl", 7]
    assert errors.iloc[1]["reason"].startswith("not valid JSON")
    assert errors.iloc[0]["file"] == "blank" and "empty" in errors.iloc[0]["reason"]


def test_near_duplicate_articles_are_linked(store):
    links = store.sql("""SELECT a.id, d.id AS duplicate_of, n.similarity FROM near_duplicates n
                         JOIN articles a USING (article_key) JOIN articles d ON d.article_key = n.duplicate_of
                         ORDER BY a.id""")
    assert links[["id", "duplicate_of"]].values.tolist() == [["seed-ap", "seed"], ["wire-1-repost", "wire-1"]]
    assert (links["similarity"] >= 0.8).all()
    clusters = store.sql("SELECT id, cluster = article_key AS own FROM articles ORDER BY id")
    assert dict(clusters.values.tolist()) == {"ap-1": True, "seed": True, "seed-ap": False, "tass-1": True,
                                              "undated": True, "wire-1": True, "wire-1-repost": False}


def test_one_canonical_event_for_reports_in_several_articles(store):
    [attack] = store.events(dyad="RUSMIL:UKRMIL", type="ASSAULT", canonical=True).itertuples()
    assert (attack.num_articles, attack.num_sources) == (3, 2)  # wire-1, its repost (Reuters) and AP
    reports = store.events(dyad="RUSMIL:UKRMIL", type="ASSAULT")
    assert sorted(reports["doc_id"]) == ["ap-1", "wire-1", "wire-1-repost"]
    assert set(reports["canonical_id"]) == {attack.id}
    assert attack.num_mentions == reports["mentions"].sum()


def test_wire_copy_events_merge_with_the_original(store):
    canonical = store.events(dyad="USA:VEN", canonical=True, include_hypothetical=True)
    assert len(canonical) >= 5
    assert (canonical["num_articles"] == 2).all() and (canonical["num_sources"] == 2).all()
    reports = store.events(dyad="USA:VEN", include_hypothetical=True)
    assert sorted(reports["doc_id"].unique()) == ["seed", "seed-ap"]
    assert len(reports) == 2 * len(canonical)


def test_events_that_did_not_happen_are_stored_but_not_counted(store):
    happened = store.events(dyad="RUS:UKR")
    everything = store.events(dyad="RUS:UKR", include_hypothetical=True)
    assert happened["happened"].all()
    hypothetical = everything[~everything["happened"]]
    assert set(hypothetical["modality"]) == {"hypothetical"} and len(hypothetical) == 2  # wire-1 and its repost
    assert len(everything) == len(happened) + 2


def test_actor_type_and_date_filters(store):
    ven = store.events(actor="VEN")
    assert len(ven) and ((ven["source_country"] == "VEN") | (ven["target_country"] == "VEN")).all()
    vengov = store.events(actor="VENGOV")
    assert 0 < len(vengov) <= len(ven)
    assert ((vengov["source_code"] == "VENGOV") | (vengov["target_code"] == "VENGOV")).all()
    threats = store.events(type="threaten", include_hypothetical=True)
    assert len(threats) and set(threats["event_type"]) == {"THREATEN"}
    assert set(store.events(cameo="11")["cameo"].str[:2]) == {"11"}
    may = store.events(since="2024-05-01", until="2024-05-31")
    assert set(may["date"].dt.date) == {dt.date(2024, 5, 6), dt.date(2024, 5, 20)}
    assert list(may["date"]) == sorted(may["date"])
    with pytest.raises(ValueError, match="since"):
        store.events(since="May 2024")


def test_undated_events_are_kept(store):
    talks = store.events(dyad="CHN:JPN", canonical=True)
    assert len(talks) == 1 and talks.iloc[0]["num_articles"] == 1
    assert store.events(dyad="CHN:JPN", since="2000-01-01").empty


def test_dyad_series_fills_quiet_weeks(store):
    weekly = store.dyad("RUS", "UKR", by="week")
    assert [d.isoformat() for d in weekly["period"].dt.date] == ["2024-05-06", "2024-05-13", "2024-05-20"]
    assert weekly["material_conflict"].tolist() == [1, 0, 1]
    assert weekly["events"].tolist() == [1, 0, 1]
    assert weekly["reports"].tolist() == [3, 0, 1]
    assert weekly["goldstein_sum"].tolist() == [-10.0, 0.0, -10.0]
    assert weekly["goldstein_mean"].isna().tolist() == [False, True, False]
    with_hypothetical = store.dyad("RUS", "UKR", by="month", include_hypothetical=True)
    assert with_hypothetical["events"].tolist() == [3]
    assert store.dyad("UKR", "RUS", directed=True).empty


def test_dyad_counts_each_quad_class(store):
    daily = store.dyad("USA", "VEN", by="day")
    quads = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]
    assert (daily[quads].sum(axis=1) == daily["events"]).all()
    canonical = pd.concat([store.events(dyad="USA:VEN", canonical=True),
                           store.events(dyad="VEN:USA", canonical=True)])
    day_dated = canonical[canonical["date_text"].str.len() == 10]
    assert daily["events"].sum() + daily["month_dated"].sum() == len(canonical) > 0
    assert daily["events"].sum() == len(day_dated) > 0
    assert daily["goldstein_sum"].sum() == pytest.approx(day_dated["goldstein"].sum())
    for quad, name in enumerate(quads, 1):
        assert daily[name].sum() == (day_dated["quad_class"] == quad).sum()


def test_a_month_dated_event_stays_in_its_month(store):
    """The seed's "late November" phone call is dated 2025-11: by week it is not drawn in the week of
    27 October (the week of 1 November) but counted apart, on the first week that starts in November."""
    [call] = store.sql("SELECT date, date_text FROM canonical_events WHERE date_text = '2025-11'").itertuples()
    assert call.date == pd.Timestamp("2025-11-01")
    for by, first in (("day", "2025-11-01"), ("week", "2025-11-03")):
        series = store.dyad("USA", "VEN", by=by)
        dated = series[series["month_dated"] > 0]
        assert [d.isoformat() for d in dated["period"].dt.date] == [first], by
        assert series["period"].min() >= pd.Timestamp("2025-11-01")
    monthly = store.dyad("USA", "VEN", by="month")
    assert monthly["month_dated"].sum() == 0
    assert monthly.loc[monthly["period"] == pd.Timestamp("2025-11-01"), "events"].item() >= 1


def test_batch_boundaries_do_not_change_the_tables(store, seed_text, tmp_path):
    with open_store(tmp_path / "one-by-one.duckdb") as other:
        other.ingest(corpus(seed_text), batch_size=1)
        for table in ("articles", "events", "actors", "near_duplicates", "canonical_events", "errors"):
            assert table_rows(other, table) == table_rows(store, table), table


def test_evidence_sentences_when_asked(tmp_path):
    article = Article(id="a", text="Iran accused Israel of sabotage. It was raining.", published="2024-01-02")
    with open_store(tmp_path / "s.duckdb") as store:
        store.ingest([article], store_sentences=True)
        assert store.sql("SELECT sentence, text FROM sentences").values.tolist() == \
            [[0, "Iran accused Israel of sabotage."]]
        assert store.sql("SELECT count(*) AS n FROM sentences")["n"][0] == 1


def test_the_outlet_is_the_publisher_or_the_domain_never_a_hash(tmp_path):
    day = "2024-01-02"
    articles = [Article(id="named", text="Iran accused Israel of sabotage.", source="Reuters",
                        url="https://www.example.com/a", published=day),
                Article(id="linked", text="Iran accused Israel of sabotage again.", url="https://www.voanews.com/x",
                        published=day),
                Article(id="bare", text="Iran accused Israel of sabotage once more.", published=day),
                Article(id="bare-2", text="Iran accused Israel of sabotage yet again.", published=day)]
    with open_store(tmp_path / "o.duckdb") as store:
        store.ingest(articles)
        outlets = dict(store.sql("SELECT id, outlet FROM articles").values.tolist())
        assert outlets == {"named": "Reuters", "linked": "voanews.com", "bare": "", "bare-2": ""}
        listed = {a["doc_id"]: a["outlet"] for a in store.articles_page()["articles"]}
        assert listed == outlets
        # two articles without an outlet are still two sources of the same event
        [accusation] = store.events(dyad="IRN:ISR", canonical=True).itertuples()
        assert (accusation.num_articles, accusation.num_sources) == (4, 4)


def test_articles_page_is_newest_first(store):
    listed = store.articles_page(limit=100)["articles"]
    dates = [a["date"] for a in listed if a["date"]]
    assert dates == sorted(dates, reverse=True) and dates[0] == SEED_DATE
    assert listed[-1]["doc_id"] == "undated"


def test_a_code_the_kb_does_not_know_is_refused_unless_the_store_holds_it(tmp_path, monkeypatch):
    """A user dictionary may code actors the built-in KB has no country for (Phoenix's USR for the
    Soviet Union): a store holding them answers for them; a code nobody knows is an error."""
    from eventwire import Coder, runners
    from eventwire.actors import ActorResolver
    from eventwire.store import QueryError

    dictionary = tmp_path / "soviet.csv"
    dictionary.write_text("name,code,type\nSoviet Union,USRGOV,org\n", encoding="utf-8")
    monkeypatch.setattr(runners, "_coder", Coder(resolver=ActorResolver(extra=[str(dictionary)]), classifier=None))
    with open_store(tmp_path / "events.duckdb") as store:
        store.ingest([Article(id="1979", text="The Soviet Union attacked Afghanistan.", published="1979-12-27")])
        soviet = store.events(actor="USRGOV")
        assert list(soviet["source_code"]) == ["USRGOV"] and list(soviet["target_country"]) == ["AFG"]
        assert store.dyad("USRGOV", "AFG", by="month")["events"].sum() == 1
        with pytest.raises(QueryError, match="actor: unknown actor code 'XYZ'"):
            store.events(actor="XYZ")
        with pytest.raises(QueryError, match="b: unknown actor code 'XYZ'"):
            store.dyad("USRGOV", "XYZ")


def test_a_store_written_before_date_text_reads_read_only(tmp_path, seed_text):
    """A store written by an earlier eventwire lacks canonical_events.date_text: opened read-only
    (as `eventwire serve` without a token opens it) its series and events still read, every event
    counted as dated to its day."""
    import duckdb

    path = tmp_path / "old.duckdb"
    with open_store(path) as store:
        store.ingest([Article(id="seed", text=seed_text, published=SEED_DATE)])
        events = len(store.events(dyad="USA:VEN", canonical=True))
    con = duckdb.connect(str(path))
    indexes = con.execute("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'canonical_events'").fetchall()
    for (index,) in indexes:
        con.execute(f"DROP INDEX {index}")
    con.execute("ALTER TABLE canonical_events DROP COLUMN date_text")
    con.close()
    with open_store(path, read_only=True) as store:
        series = store.dyad("USA", "VEN", by="week", directed=True)
        assert series["events"].sum() == events and series["month_dated"].sum() == 0
        with store.for_thread() as view:
            assert len(view.events(dyad="USA:VEN", canonical=True)) == events
