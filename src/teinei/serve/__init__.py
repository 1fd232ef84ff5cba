"""``teinei serve``: a local page and an HTTP API over one warm linter. Imports nothing heavy, so that the
command line can name this package without the optional ``serve`` extra installed."""

INSTALL_HINT = "teinei serve には追加のパッケージが必要です: pip install 'teinei[serve]'"
