"""The store keeps every attribution relation of an article (who says what, by which words) beside its
events, in the same transaction, and lists them with filters, pages and exports; a store written before
the table existed still opens."""

import io
import pickle
import shutil

import duckdb
import pandas as pd
import pytest
from attribution_support import ARTICLES, MADURO, RELATIONS, AttributingRunner, Said

from eventwire import open_store
from eventwire.records import Article, Attribution, CodedArticle
from eventwire.store import AttributionQuery, EventQuery, QueryError, StoreError
from eventwire.store.query import BadCursor


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, coder):
    path = tmp_path_factory.mktemp("attributions") / "events.duckdb"
    with open_store(path) as store:
        summary = store.ingest(ARTICLES, runner=AttributingRunner(coder))
    assert summary.articles == len(ARTICLES)
    return path


@pytest.fixture
def store(store_path):
    with open_store(store_path, read_only=True) as opened:
        yield opened


def contents(page) -> list[str]:
    return [r["content"]["text"] for r in page["attributions"]]


def test_every_relation_is_stored_with_its_spans_actor_and_events(store):
    assert store.counts()["attributions"] == len(RELATIONS)
    found = store.attributions(AttributionQuery())["attributions"]
    assert sorted(contents({"attributions": found})) == sorted(s.content for s in RELATIONS)
    for row in found:
        article = store.article(row["article"]["id"])
        for part in ("source", "cue", "content"):
            if row[part]:
                assert article["text"][row[part]["start"]:row[part]["end"]] == row[part]["text"]
        assert row["id"] == f"{row['article']['id']}-{row['attribution_id']}"
    shelled = next(r for r in found if r["content"]["text"] == "the army had shelled the town")
    assert shelled["source"]["text"] == "Officials close to Maduro" and shelled["cue"]["text"] == "said"
    assert shelled["source_actor"]["code"] == "VENGOV" and shelled["quote"] is False
    # the events inside the content are the store's own events, reachable by their id
    assert shelled["events"], "the coder finds the shelling"
    for event_id in shelled["events"]:
        event = store.event(event_id)
        assert event is not None and "shelled" in event["text"]
        assert shelled["content"]["start"] <= event["trigger"]["start"] < shelled["content"]["end"]
    quote = next(r for r in found if r["quote"])
    assert quote["content"]["text"] == "We will sign the accord," and quote["source_actor"] is None
    assert next(r for r in found if r["source"] is None)["cue"]["text"] == "reportedly"


def test_what_sources_close_to_maduro_claimed_this_month(store):
    page = store.attributions(AttributionQuery(source_actor="VEN", since="2025-11-01"))
    assert contents(page) == ["the army had shelled the town", "that any town was hit"]  # in the order of the text
    assert {r["article"]["doc_id"] for r in page["attributions"]} == {"maduro-claims"}
    assert contents(store.attributions(AttributionQuery(source_actor="vengov"))) == ["the army had shelled the town"]
    assert contents(store.attributions(AttributionQuery(source_actor="USA"))) == [RELATIONS[3].content]


@pytest.mark.parametrize(("query", "expected"), [
    ({"cue": "DENIED"}, ["that any town was hit"]),
    ({"cue": "report"}, ["Rebels reportedly seized the airport in Goma"]),
    ({"source": "paper"}, ["We will sign the accord,"]),
    ({"text": "Accord"}, ["We will sign the accord,"]),
    ({"quote": True}, ["We will sign the accord,"]),
    ({"until": "2025-10-31"}, [RELATIONS[3].content]),
    ({"article": "us-claim"}, [RELATIONS[3].content]),
    ({"cue": "said", "since": "2025-10-01", "until": "2025-10-31"}, [RELATIONS[3].content]),
    ({"text": "nothing like this"}, []),
])
def test_filters(store, query, expected):
    assert contents(store.attributions(AttributionQuery(**query))) == expected


def test_article_filter_takes_the_store_id_too(store):
    key = store.attributions(AttributionQuery(article="maduro-claims"))["attributions"][0]["article"]["id"]
    assert len(contents(store.attributions(AttributionQuery(article=key)))) == 3


def test_pages_follow_the_cursor_newest_article_first(store):
    every = store.attributions(AttributionQuery(), count=True)
    assert every["total"] == len(RELATIONS) and every["next_cursor"] is None
    # newest article first, the undated one last, each article's relations in the order of its text
    assert [r["article"]["doc_id"] for r in every["attributions"]] == ["maduro-claims"] * 3 + ["us-claim", "reportedly"]
    seen, cursor = [], None
    while True:
        page = store.attributions(AttributionQuery(limit=2, cursor=cursor))
        assert len(page["attributions"]) <= 2
        seen += [r["id"] for r in page["attributions"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [r["id"] for r in every["attributions"]]
    oldest = store.attributions(AttributionQuery(sort="date"))
    assert [r["article"]["doc_id"] for r in oldest["attributions"]][:2] == ["reportedly", "us-claim"]
    first = store.attributions(AttributionQuery(limit=1))
    with pytest.raises(BadCursor, match="other filters"):
        store.attributions(AttributionQuery(limit=1, cue="said", cursor=first["next_cursor"]))


@pytest.mark.parametrize(("query", "message"), [
    ({"source_actor": "XYZ"}, "source_actor: unknown actor code 'XYZ'"),
    ({"source_actor": "V!N"}, "source_actor: 'V!N' is not an actor code"),
    ({"since": "2025-13-01"}, "since"),
    ({"sort": "goldstein"}, "sort: 'goldstein' is not a sort"),
    ({"limit": -1}, "limit: at least 0"),
])
def test_bad_filters_are_named(store, query, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(")):
        store.attributions(AttributionQuery(**query))


def test_the_article_carries_its_relations_in_text_order(store):
    key = store.attributions(AttributionQuery(article="maduro-claims"))["attributions"][0]["article"]["id"]
    article = store.article(key)
    assert [r["content"]["text"] for r in article["attributions"]] == [s.content for s in RELATIONS[:3]]
    assert all(article["text"][r["content"]["start"]:r["content"]["end"]] == r["content"]["text"]
               for r in article["attributions"])


def test_exports_load_straight_into_pandas_and_duckdb_and_join_the_events(store, tmp_path):
    out = io.StringIO()
    assert store.export_attributions("csv", out, AttributionQuery(source_actor="VEN")) == 2
    table = pd.read_csv(io.StringIO(out.getvalue()))
    assert list(table["content_text"]) == ["the army had shelled the town", "that any town was hit"]
    assert list(table["source_code"]) == ["VENGOV", "VENOPP"] and list(table["cue_text"]) == ["said", "denied"]
    assert str(table["article_date"][0]) == "2025-11-20"

    path = tmp_path / "attributions.parquet"
    assert store.export_attributions("parquet", str(path), AttributionQuery()) == len(RELATIONS)
    events_path = tmp_path / "events.parquet"
    store.export("parquet", str(events_path), EventQuery(include_hypothetical=True))
    joined = duckdb.sql(f"""
        SELECT t.content_text, e.event_type, e.trigger_text
        FROM (SELECT article_key, content_text, unnest(event_ids) AS event_id FROM read_parquet('{path}')) t
        JOIN read_parquet('{events_path}') e ON e.article_key = t.article_key AND e.id = t.event_id""").fetchall()
    assert ("the army had shelled the town", "ASSAULT", "shelled") in {tuple(r) for r in joined}


def test_relations_are_written_in_the_articles_transaction(tmp_path, coder):
    """A relation the store cannot write (no content offsets) takes its whole batch with it."""
    broken = [Said("broken", "Officials", "said", "talks failed")]

    class Broken(AttributingRunner):
        def map(self, batches):
            for results in super().map(batches):
                for result in results:
                    for relation in result.attributions:
                        relation.content = {"text": relation.content["text"], "start": None, "end": None}
                yield results

    path = tmp_path / "e.duckdb"
    with open_store(path) as store:
        with pytest.raises(StoreError):
            store.ingest([Article(id="broken", text="Officials said talks failed.", published="2025-11-02")],
                         runner=Broken(coder, broken))
        counts = store.counts()
    assert counts["articles"] == counts["events"] == counts["attributions"] == 0


def test_a_store_written_before_the_attributions_table_opens(tmp_path, store_path, coder):
    path = tmp_path / "old.duckdb"
    shutil.copy(store_path, path)
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE attributions")
    con.close()
    with open_store(path, read_only=True) as store:
        assert store.attributions(AttributionQuery(source_actor="VEN"))["attributions"] == []
        key = store.articles_page()["articles"][0]["id"]
        article = store.article(key)
        assert article["attributions"] == [] and article["events"]
        assert store.counts()["attributions"] == 0
        with store.for_thread() as view:
            assert view.attributions(AttributionQuery())["attributions"] == []
    with open_store(path) as store:  # opened for writing: the table is added, new articles fill it
        store.ingest([Article(id="late", text="Officials close to Maduro said the army had shelled the town.",
                              published="2025-11-25")],
                     runner=AttributingRunner(coder, [Said("late", "Officials close to Maduro", "said",
                                                           "the army had shelled the town")]))
        assert contents(store.attributions(AttributionQuery())) == ["the army had shelled the town"]


def test_coded_articles_cross_process_boundaries_with_their_relations():
    """What a pool process or a Dask worker sends back is pickled: the relations must survive it."""
    relation = Attribution(doc_id=MADURO.id, sentence=0, content={"text": "x", "start": 1, "end": 2},
                           source={"text": "Officials", "start": 0, "end": 9}, quote=True, events=["e1"])
    coded = CodedArticle(MADURO, attributions=[relation])
    assert pickle.loads(pickle.dumps(coded)).attributions == [relation]


def test_the_pipelines_own_relations_reach_the_store(tmp_path):
    """End to end: the real Coder (in the ingest's own runner) finds the relations, the store keeps them."""
    text = ("Officials close to Maduro said the army had shelled the town. "
            "Venezuelan officials said rebels had attacked a convoy near Maracaibo.")
    with open_store(tmp_path / "e.duckdb") as store:
        store.ingest([Article(id="pipeline", text=text, published="2025-11-20")])
        [maduro] = store.attributions(AttributionQuery(source="close to Maduro"))["attributions"]
        assert maduro["source"]["text"] == "Officials close to Maduro" and maduro["cue"]["text"] == "said"
        assert maduro["content"]["text"] == "the army had shelled the town"
        assert [store.event(event_id)["trigger"]["text"] for event_id in maduro["events"]] == ["shelled"]
        # both sources are Venezuelan: officials close to Maduro take his country (actors/data/associates.tsv)
        close, venezuelan = store.attributions(AttributionQuery(source_actor="VEN", since="2025-11-01"))["attributions"]
        assert close["id"] == maduro["id"] and close["source_actor"]["code"] == "VENGOV"
        assert venezuelan["source_actor"]["code"] == "VENGOV"
        assert venezuelan["content"]["text"] == "rebels had attacked a convoy near Maracaibo"
        assert [store.event(event_id)["trigger"]["text"] for event_id in venezuelan["events"]] == ["attacked"]
        article = store.article(maduro["article"]["id"])
        assert [r["id"] for r in article["attributions"]] == [maduro["id"], venezuelan["id"]]
