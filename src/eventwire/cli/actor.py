"""``eventwire actor``: show how a mention resolves (owned by the actor work; placeholder)."""

import click


@click.command()
def actor() -> None:
    """Show how the actor resolver codes a mention."""
    raise click.ClickException("not built yet")
