"""``eventwire code``: code articles and print their events (owned by the CLI work; placeholder)."""

import click


@click.command()
def code() -> None:
    """Code articles and print their events."""
    raise click.ClickException("not built yet")
