"""`eventwire --help` lists every command with a summary a reader can finish."""

from click.testing import CliRunner

from eventwire.cli import main


def test_every_command_summary_is_a_whole_sentence():
    listing = CliRunner().invoke(main, ["--help"], terminal_width=80).output
    commands = listing.split("Commands:\n", 1)[1].strip().splitlines()
    assert len(commands) == len(main.commands)
    for line in commands:
        name, summary = line.split(None, 1)
        assert summary.endswith(".") and not summary.endswith("..."), line
        assert len(main.commands[name].help.split("\n\n")[0].split()) == len(summary.split()), line
