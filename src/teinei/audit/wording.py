"""The audit's own lines in Japanese: why a file or folder could not be used.

The readers the audit shares with ``teinei check`` (``inputs``) give their reasons in Japanese already; what is
left here is an operating system's error, said as the audit's report and error lines say it.
"""

from __future__ import annotations

from teinei.errors import os_reason


def os_error(error: OSError) -> str:
    """An operating system's error (a file that went away, a folder not writable) in Japanese."""
    return os_reason(error)
