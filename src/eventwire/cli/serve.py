"""``eventwire serve``: the JSON API and the dashboard over a store (docs/api.md).

Exit status 2 when the store cannot be opened (missing without a token, or in
use by a writing process), the token cannot be sent in a header (whitespace
around it), or the options contradict each other.

>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(serve, ["--db", "/nonexistent/e.duckdb"], env={"EVENTWIRE_TOKEN": ""})
>>> result.exit_code, "no such store" in result.output
(2, True)
"""

from __future__ import annotations

import click

from .common import fail, warn


@click.command()
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="The store.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--token", envvar="EVENTWIRE_TOKEN", metavar="TOKEN",
              help="Bearer token for write endpoints (default $EVENTWIRE_TOKEN); none: writes are off "
                   "and the store is opened read-only.")
@click.option("--private", is_flag=True, help="Read endpoints and POST /v1/code need the token too.")
@click.option("--max-body", type=click.IntRange(min=1), default=2 * 1024 * 1024, show_default=True,
              help="Largest request body accepted, in bytes.")
@click.option("--code-max-chars", type=click.IntRange(min=1), default=20_000, show_default=True,
              help="Longest text POST /v1/code codes, in characters.")
@click.option("--code-workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes coding POST /v1/code requests.")
@click.option("--code-queue", type=click.IntRange(min=0), default=4, show_default=True,
              help="POST /v1/code requests that may wait for a worker; beyond: 503.")
@click.option("--code-timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds a POST /v1/code request may code (and wait for a worker).")
@click.option("--code-needs-token", is_flag=True, help="POST /v1/code needs the token (implied by --private).")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True)
def serve(db: str, host: str, port: int, token: str | None, private: bool, max_body: int, code_max_chars: int,
          code_workers: int, code_queue: int, code_timeout: float, code_needs_token: bool, log_level: str) -> None:
    """Serve the store DB: the JSON API, its docs and the dashboard.

    The API answers under /v1, its OpenAPI document at /docs, the dashboard at /.

    \b
      eventwire serve --db events.duckdb
      EVENTWIRE_TOKEN=s3cret eventwire serve --db events.duckdb --port 8080
    """
    import uvicorn

    from ..api import CodeLimits, create_app, server_config
    from ..store import StoreError

    code = CodeLimits(max_chars=code_max_chars, workers=code_workers, queue=code_queue, timeout=code_timeout,
                      needs_token=code_needs_token)
    try:
        app = create_app(db, token=token or None, private=private, max_body=max_body, code=code)
    except (StoreError, ValueError) as err:
        fail(err)
    writes = "writes on, with the bearer token" if token else "read-only: no --token or EVENTWIRE_TOKEN"
    warn(f"serving {db} at http://{host}:{port}/ ({writes})")
    uvicorn.Server(server_config(app, host, port, log_level)).run()
