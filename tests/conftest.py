"""Shared fixtures: one Coder per test session, and the path of ../shared/data."""

import contextlib
import os
import socket
import threading
import time
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so that CI is repeatable; set
# HYPOTHESIS_PROFILE=explore to draw new ones (and keep any failure found as a regression test).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

SHARED = Path(os.environ.get("EVENTWIRE_SHARED_DATA") or Path(__file__).resolve().parents[1] / ".." / "shared" / "data")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def coder():
    from eventwire import Coder

    return Coder()


# An article whose title and text carry markup that must never run in the dashboard.
XSS_ARTICLE = {
    "id": "xss-probe",
    "title": '<img src=x onerror="window.__xss = 1">Kharkiv report',
    "text": "Russian troops attacked Ukrainian soldiers near Kharkiv <script>window.__xss = 2</script>. "
            'Ukraine accused Russia of <b onmouseover="window.__xss = 3">war crimes</b>.',
    "date": "2025-11-20",
    "source": "probe",
}


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory, shared_data):
    """Path of a DuckDB store holding the seed article (dated 2025-12-01), the VOA stories and
    ``XSS_ARTICLE``; built once per session, then only read (copy it before writing)."""
    from eventwire import open_store
    from eventwire.readers import read_articles
    from eventwire.records import Article

    path = tmp_path_factory.mktemp("corpus") / "events.duckdb"
    seed = shared_data / "seed" / "venezuela-ultimatum.txt"
    articles = [Article(id="venezuela-ultimatum", text=seed.read_text(encoding="utf-8"),
                        published="2025-12-01", source="seed"),
                Article(id=XSS_ARTICLE["id"], text=XSS_ARTICLE["text"], title=XSS_ARTICLE["title"],
                        published=XSS_ARTICLE["date"], source=XSS_ARTICLE["source"]),
                *read_articles([str(shared_data / "voa" / "voa_stories.jsonl")], input_format="jsonl")]
    with open_store(path) as store:
        store.ingest(articles)
    return path


@contextlib.contextmanager
def _running(app, head_timeout: float | None = None):
    """``app`` served by uvicorn on a free loopback port with ``eventwire serve``'s configuration
    (``head_timeout``: a shorter wait for a request's head); yields its base URL."""
    import httpx
    import uvicorn

    from eventwire.api import server_config
    from eventwire.api.server import TimedH11Protocol

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = server_config(app, "127.0.0.1", port, log_level="critical")
    if head_timeout is not None:
        config.http = type("QuickHead", (TimedH11Protocol,), {"head_timeout": head_timeout})
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def live_server():
    """``with live_server(app) as base:`` runs the app in a real uvicorn server, as ``eventwire
    serve`` does, and gives its base URL (``http://127.0.0.1:PORT``)."""
    return _running
