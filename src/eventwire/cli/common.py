"""What every ``eventwire`` command shares: UTF-8 output, a quiet stop on a closed pipe,
errors as ``eventwire: FILE[:LINE]: reason``, and the ``--date`` option.

>>> import click
>>> from click.testing import CliRunner
>>> @click.command()
... @date_option("Document date.")
... def show(date):
...     click.echo(date)
>>> CliRunner().invoke(show, ["--date", "2025-12-01"]).output
'2025-12-01\\n'
>>> result = CliRunner().invoke(show, ["--date", "1/12/2025"])
>>> result.exit_code, "invalid date '1/12/2025' (expected YYYY-MM-DD)" in result.output
(2, True)
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import NoReturn, TextIO

import click

from .. import dates

USAGE_ERROR = 2  # exit status for usage errors and for runs that could do nothing


def utf8(stream: TextIO) -> TextIO:
    """``stream`` writing UTF-8 whatever the locale, so names like "Nicolás" never fail."""
    if (getattr(stream, "encoding", "utf-8") or "").lower().replace("-", "") != "utf8":
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(encoding="utf-8")
    return stream


@contextlib.contextmanager
def stdout_closed_quietly() -> Iterator[None]:
    """Stop quietly with status 0, as Unix tools do, when the reader of stdout goes away (``| head``)."""
    try:
        yield
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)


def warn(message: object) -> None:
    """One line on standard error: ``eventwire: message`` (an InputError prints as ``FILE[:LINE]: reason``)."""
    click.echo(f"eventwire: {message}", err=True)


def fail(message: object, status: int = USAGE_ERROR) -> NoReturn:
    """Print ``eventwire: message`` on standard error and exit with ``status``."""
    warn(message)
    sys.exit(status)


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        found = dates.day(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None
    return found.isoformat() if found else None


def date_option(help: str, *names: str) -> Callable:
    """A ``--date YYYY-MM-DD`` option (checked by :mod:`eventwire.dates`; the value stays a string)."""
    return click.option(*(names or ("--date", "-d")), callback=_check_date, metavar="YYYY-MM-DD", help=help)
