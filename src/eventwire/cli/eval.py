"""``eventwire eval``: run the real pipeline on a gold file and print the metrics.

A malformed gold file is reported on stderr as ``eventwire: FILE:LINE: reason``
(exit status 1); usage errors exit with 2. Where a format scores what it can read
(``polnear``), each line left out is reported the same way and the rest is scored. The coder runs with the shipped
sentence model unless ``--no-model``; ``--cv-models DIR`` codes each sentence
with the fold model that never saw it (cross-validation).

>>> from click.testing import CliRunner
>>> CliRunner().invoke(evaluate, ["--help"]).exit_code
0
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import InputError
from ..evaluate import GOLD_FORMATS
from ..evaluate.common import RULES
from .common import fail, warn

EPILOG = "\b\nFormats:\n" + "\n".join(f"  {name:20} {GOLD_FORMATS[name].DESCRIPTION}"
                                       for name in sorted(GOLD_FORMATS))


@click.command("eval", epilog=EPILOG)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(GOLD_FORMATS)), required=True,
              help="Gold format (listed below).")
@click.option("--rule", type=click.Choice(list(RULES)), default="confident", show_default=True,
              help="Which event of a sentence is scored: the most confident one, or any (best-matching) one. "
                   "The other rule's headline figures are reported too.")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N gold items.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("-n", "--n-process", type=click.IntRange(min=1), default=1, show_default=True,
              help="Parse on N cores.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Drop events whose confidence is below this.")
@click.option("--no-model", is_flag=True, help="Code with syntax and lexicon only, without the sentence model.")
@click.option("--cv-models", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of fold models (scripts/train_classifier.py --folds): each sentence is coded "
                   "with the model that did not see it.")
def evaluate(file: Path, fmt: str, rule: str, limit: int | None, as_json: bool, n_process: int,
             min_confidence: float, no_model: bool, cv_models: Path | None) -> None:
    """Score eventwire against a gold FILE.

    \b
        eventwire eval --format conflibert-class ../shared/data/dev/conflibert_cameo_class_train.tsv
    """
    from .. import Coder
    from ..evaluate.common import FoldCoder
    from ..events.classify import ModelError

    if no_model and cv_models:
        raise click.UsageError("--cv-models and --no-model exclude each other")
    module = GOLD_FORMATS[fmt]
    try:
        gold = module.load(file)
        coder = Coder(min_confidence=min_confidence, classifier=None if no_model else "shipped",
                      statements=getattr(module, "STATEMENTS", False))
        if cv_models:
            coder = FoldCoder(coder, cv_models)
    except (InputError, ModelError) as error:
        fail(error, status=1)
    if limit:
        gold = gold[:limit]
    report = {"file": str(file), "min_confidence": min_confidence,
              "model_used": "none" if no_model else str(cv_models or "shipped"),
              **module.score(coder, gold, rule=rule, n_process=n_process)}
    for skipped in report.get("skipped", []):
        warn(skipped)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(f"{file}  format={fmt}  model={report['model_used']}  min-confidence={min_confidence}")
        click.echo(module.render(report))
