"""``eventwire actor``: show how the actor resolver codes a mention, and why.

Prints the code, country, sector, canonical name and the KB entry/rule that
decided it (JSON with ``--json``). Problems found in ``--dict`` files go to
stderr; exit status 1 when the mention resolves to nothing.

>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(actor, ["the US president", "--date", "2019-05-01", "--json"])
>>> import json; json.loads(result.output)["name"]
'Donald Trump'
"""

from __future__ import annotations

import json

import click

from .common import date_option, warn

MAX_PROBLEMS = 20


@click.command()
@click.argument("mention")
@date_option("Document date: who held an office then. Default: the KB's latest roles.")
@click.option("--dict", "dicts", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="User actor file loaded on top of the built-in KB (.yaml, .csv, .tsv, "
                   "or a PETRARCH/Phoenix .txt dictionary). Repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print the actor as a JSON object.")
def actor(mention: str, date: str | None, dicts: tuple[str, ...], as_json: bool) -> None:
    """Show how the actor resolver codes MENTION, and why.

    MENTION is a phrase as an article writes it, such as "the US president".
    """
    from ..actors import ActorResolver

    resolver = ActorResolver(extra=dicts)
    for problem in resolver.problems[:MAX_PROBLEMS]:
        warn(problem)
    if len(resolver.problems) > MAX_PROBLEMS:
        warn(f"... and {len(resolver.problems) - MAX_PROBLEMS} more problems in the dictionaries")
    found = resolver.lookup(mention, date)
    if found is None:
        when = f" on {date}" if date else ""
        raise click.ClickException(f"no actor found for {mention!r}{when}")
    if as_json:
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False))
        return
    click.echo(f"{found.text}  ->  {found.code}")
    for label, value in (("name", found.name), ("country", found.country),
                         ("sector", found.sector), ("wikidata", found.wikidata),
                         ("date", date or "latest"),
                         ("reason", found.reason)):
        if value:
            click.echo(f"  {label:9}{value}")
