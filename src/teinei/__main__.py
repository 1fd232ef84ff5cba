"""``python -m teinei`` runs the command line (named ``teinei`` in its messages, as the installed command)."""

from teinei.cli import run

run()
