"""``eventwire serve``: the JSON API and the dashboard over a store (docs/api.md).

Exit status 2 when the store cannot be opened (missing without a token, or in
use by a writing process) or the options contradict each other.

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
@click.option("--private", is_flag=True, help="Read endpoints need the token too.")
@click.option("--max-body", type=click.IntRange(min=1), default=2 * 1024 * 1024, show_default=True,
              help="Largest request body accepted, in bytes.")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True)
def serve(db: str, host: str, port: int, token: str | None, private: bool, max_body: int, log_level: str) -> None:
    """Serve the store DB: the JSON API, its docs and the dashboard.

    The API answers under /v1, its OpenAPI document at /docs, the dashboard at /.

    \b
      eventwire serve --db events.duckdb
      EVENTWIRE_TOKEN=s3cret eventwire serve --db events.duckdb --port 8080
    """
    import uvicorn

    from ..api import create_app
    from ..store import StoreError

    try:
        app = create_app(db, token=token or None, private=private, max_body=max_body)
    except (StoreError, ValueError) as err:
        fail(err)
    writes = "writes on, with the bearer token" if token else "read-only: no --token or EVENTWIRE_TOKEN"
    warn(f"serving {db} at http://{host}:{port}/ ({writes})")
    uvicorn.run(app, host=host, port=port, log_level=log_level)
