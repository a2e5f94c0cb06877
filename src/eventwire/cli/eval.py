"""``eventwire eval``: run the real pipeline on a gold file and print the metrics.

A malformed gold file is reported on stderr as ``error: FILE:LINE: reason``
(exit status 1); usage errors exit with 2.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(evaluate, ["--help"]).exit_code
0
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import InputError
from ..evaluate import FORMATS
from ..evaluate.common import RULES

EPILOG = "\b\nFormats:\n" + "\n".join(f"  {name:20} {FORMATS[name].DESCRIPTION}" for name in sorted(FORMATS))


@click.command("eval", epilog=EPILOG)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), required=True,
              help="Gold format (listed below).")
@click.option("--rule", type=click.Choice(list(RULES)), default="confident", show_default=True,
              help="Which event of a sentence is scored: the most confident one, or any (best-matching) one. "
                   "The other rule's headline figures are reported too.")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N gold items.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("-n", "--n-process", type=click.IntRange(min=1), default=1, show_default=True,
              help="Parse on N cores.")
def evaluate(file: Path, fmt: str, rule: str, limit: int | None, as_json: bool, n_process: int) -> None:
    """Score eventwire against a gold FILE.

    \b
        eventwire eval --format conflibert-class ../shared/data/dev/conflibert_cameo_class_train.tsv
    """
    from .. import Coder

    module = FORMATS[fmt]
    try:
        gold = module.load(file)
    except InputError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    if limit:
        gold = gold[:limit]
    report = {"file": str(file), **module.score(Coder(), gold, rule=rule, n_process=n_process)}
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(f"{file}  format={fmt}")
        click.echo(module.render(report))
