"""The ``eventwire`` command: one group, one module per subcommand.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(main, ["--help"]).exit_code
0
"""

import click

from .actor import actor
from .code import code
from .eval import evaluate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eventwire")
def main() -> None:
    """Turn news text into political event data (PLOVER and CAMEO)."""


main.add_command(code)
main.add_command(actor)
main.add_command(evaluate)
