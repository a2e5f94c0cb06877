"""``python -m eventwire`` runs the ``eventwire`` command."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="eventwire")
