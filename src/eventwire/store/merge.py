"""Canonical events: one row per real-world event, however many articles report it.

The key of an event report is (source code, target code, CAMEO code, happened).
A report joins, in this order:

1. the canonical event that a report with the same key in an earlier article of
   its near-duplicate cluster joined (wire copies match whatever their dates);
2. otherwise the canonical event of its key and its date (the same day),
   whose id is :func:`canonical_id` of those fields; an undated report stands in
   for its date the article's near-duplicate cluster (undated reports merge
   only with copies of the same wire story).

Counts are recomputed from the reports (``num_mentions`` = sum of mentions,
``num_sources`` = distinct outlets, an article without one counting as its own,
``num_articles`` = distinct articles), and
the first report stored gives the canonical event's fields, so the table is the
same whatever the batch boundaries were.

>>> a = canonical_id("2025-11-28", "USAGOV", "VENGOV", "138", True)
>>> a == canonical_id("2025-11-28", "USAGOV", "VENGOV", "138", True), len(a)
(True, 16)
>>> a == canonical_id("2025-11-28", "USAGOV", "VENGOV", "138", False)
False
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any


def canonical_id(date: dt.date | str | None, source: str | None, target: str | None,
                 cameo: str | None, happened: bool) -> str:
    """The id of the canonical event for a same-day key."""
    key = "\x1f".join(str(x) if x is not None else "" for x in (date, source, target, cameo, happened))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _key(row: dict[str, Any]) -> tuple:
    return row["source_code"], row["target_code"], row["cameo"], row["happened"]


def assign(con, articles: list[tuple[str, str, list[dict[str, Any]]]]) -> set[str]:
    """Set ``canonical_id`` on the event rows of each ``(article_key, cluster, rows)``, in order.

    Returns the canonical ids touched. ``con`` is inside the batch's transaction.
    """
    clusters = sorted({cluster for key, cluster, _ in articles if cluster != key})
    by_cluster: dict[tuple, str] = {}
    if clusters:
        stored = con.execute(
            """SELECT a.cluster, e.source_code, e.target_code, e.cameo, e.happened, e.canonical_id
               FROM events e JOIN articles a USING (article_key)
               WHERE a.cluster IN (SELECT unnest(?))
               ORDER BY a.seq, e.sentence, e.id""", [clusters]).fetchall()
        for cluster, *key, cid in stored:
            by_cluster.setdefault((cluster, *key), cid)
    touched = set()
    for key, cluster, rows in articles:
        for row in rows:
            cid = by_cluster.get((cluster, *_key(row))) if cluster != key else None
            if cid is None:
                when = row["date"] if row["date"] is not None else f"cluster {cluster}"
                cid = canonical_id(when, *_key(row))
            row["canonical_id"] = cid
            by_cluster.setdefault((cluster, *_key(row)), cid)
            touched.add(cid)
    return touched


REFRESH = """
INSERT OR REPLACE INTO canonical_events
SELECT e.canonical_id,
       arg_min(e.date, o.k), arg_min(e.source_code, o.k), arg_min(e.source_country, o.k),
       arg_min(e.source_name, o.k), arg_min(e.source_sector, o.k),
       arg_min(e.target_code, o.k), arg_min(e.target_country, o.k),
       arg_min(e.target_name, o.k), arg_min(e.target_sector, o.k),
       arg_min(e.event_type, o.k), arg_min(e.mode, o.k), arg_min(e.cameo, o.k), arg_min(e.cameo_root, o.k),
       arg_min(e.goldstein, o.k), arg_min(e.quad_class, o.k), arg_min(e.happened, o.k),
       arg_min(e.sentence, o.k),
       arg_min(e.location_name, o.k), arg_min(e.location_country, o.k), arg_min(e.location_lat, o.k),
       arg_min(e.location_lon, o.k), arg_min(e.location_geonameid, o.k),
       sum(e.mentions), count(DISTINCT coalesce(nullif(a.outlet, ''), a.article_key)), count(DISTINCT e.article_key),
       arg_min(e.article_key, o.k), arg_min(e.id, o.k), arg_min(a.url, o.k), min(a.ingested_at),
       arg_min(e.date_text, o.k)
FROM events e
JOIN articles a USING (article_key)
CROSS JOIN LATERAL (SELECT {'seq': a.seq, 'sentence': e.sentence, 'id': e.id} AS k) o
WHERE e.canonical_id IN (SELECT unnest(?))
GROUP BY e.canonical_id
"""


def refresh(con, ids: set[str]) -> None:
    """Recompute the canonical events ``ids`` from all their reports."""
    if ids:
        con.execute(REFRESH, [sorted(ids)])
