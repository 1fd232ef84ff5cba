"""The ``teinei`` command's entry point: the installed script and ``python -m teinei`` (named ``teinei`` in its
messages either way)."""

import gc


def run() -> None:
    """``teinei.cli.run``, with the garbage collector off while the command's modules are imported: that makes
    objects by the ten thousand and no garbage, and the collector's scans meanwhile were a few milliseconds
    of every run. What was imported is then frozen out of its scans (it lives as long as the process), and
    it is on again before any command runs (``check`` then decides for itself)."""
    gc.disable()
    from teinei import cli

    gc.freeze()
    gc.enable()
    cli.run()


if __name__ == "__main__":
    run()
