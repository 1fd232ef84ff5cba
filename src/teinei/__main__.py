"""``python -m teinei`` runs the command line."""

from teinei.cli import main

main()
