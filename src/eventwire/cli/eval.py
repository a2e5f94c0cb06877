"""``eventwire eval``: run the real pipeline on a gold file and print the metrics.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(evaluate, ["--help"]).exit_code
0
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import InputError


@click.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["conflibert-ner"]), required=True,
              help="Gold format: conflibert-ner (token TAG per line, S/T/R actor spans).")
@click.option("--rule", type=click.Choice(["confident", "any"]), default="confident", show_default=True,
              help="Which event of a sentence is scored: the most confident one, or the best-matching one.")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N sentences.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("-n", "--n-process", type=click.IntRange(min=1), default=1, show_default=True)
def evaluate(file: Path, fmt: str, rule: str, limit: int | None, as_json: bool, n_process: int) -> None:
    """Score eventwire against a gold FILE.

        eventwire eval --format conflibert-ner ../shared/data/dev/conflibert_cameo_ner_train.txt
    """
    from .. import Coder
    from ..evaluate import conflibert_ner

    try:
        with file.open(encoding="utf-8") as lines:
            sentences = conflibert_ner.read_sentences(lines, str(file))
    except InputError as error:
        raise click.ClickException(str(error)) from None
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{file}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    if limit:
        sentences = sentences[:limit]
    report = conflibert_ner.evaluate(Coder(), sentences, rule=rule, n_process=n_process).as_dict()
    report.update({"file": str(file), "format": fmt, "rule": rule})
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(f"{file}  format={fmt}  rule={rule}  sentences={report['sentences']}"
               f"  without an event={report['sentences_without_event']}")
    click.echo(f"{'match':8} {'role':5} {'precision':>9} {'recall':>7} {'f1':>7} {'tp':>6} {'pred':>6} {'gold':>6}")
    for match in ("exact", "overlap"):
        for role, s in report[match].items():
            click.echo(f"{match:8} {role:5} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:7.3f}"
                       f" {s['tp']:6d} {s['predicted']:6d} {s['gold']:6d}")
