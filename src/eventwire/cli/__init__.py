"""The ``eventwire`` command: one group, one module per subcommand.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(main, ["--help"]).exit_code
0
"""

import click

from .actor import actor
from .attributions import attributions
from .code import code
from .eval import evaluate
from .events import dyad, events
from .export import export
from .ingest import ingest
from .serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eventwire")
def main() -> None:
    """Turn news text into political event data (PLOVER and CAMEO)."""


main.add_command(code)
main.add_command(actor)
main.add_command(evaluate)
main.add_command(ingest)
main.add_command(events)
main.add_command(dyad)
main.add_command(attributions)
main.add_command(export)
main.add_command(serve)
