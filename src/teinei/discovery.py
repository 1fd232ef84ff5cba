"""Which files a run checks: named files as given, folders searched for message and template files.

A folder that cannot be searched, or holds nothing teinei reads, is reported rather than passed over: a run
that checked nothing must not look like a clean one. Mailboxes are archives, read when named (message by
message) or audited: a folder search leaves them out and says so.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from teinei.errors import os_reason

_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".teinei_cache"})

Problem = tuple[str, str]  # (folder, why it gave no files), one line each


def discover(paths: tuple[str, ...] | list[str]) -> tuple[list[str], list[Problem], list[Problem]]:
    """The files to check, in order; the folders that could not be searched or held no file to check; and
    notes on what a search left out (mailboxes), which are not errors."""
    from teinei.inputs import LINTABLE_SUFFIXES

    found: list[str] = []
    problems: list[Problem] = []
    notes: list[Problem] = []
    for name in paths:
        if name == "-" or not os.path.isdir(name):  # (not Path.is_dir: it raises on an unsearchable parent)
            found.append(name)
            continue
        before, failed, mailboxes = len(found), len(problems), 0
        for folder, files, error in _walk(name):
            if error is not None:
                problems.append((folder, f"フォルダの中を読めません（{os_reason(error)}）"))
                continue
            suffixes = [os.path.splitext(f)[1].lower() for f in files]
            found.extend(os.path.join(folder, f) for f, kind in zip(files, suffixes, strict=True)
                         if kind in LINTABLE_SUFFIXES)
            mailboxes += suffixes.count(".mbox")
        if len(found) == before and len(problems) == failed:
            kinds = " ".join(sorted(LINTABLE_SUFFIXES))
            why = f"チェックする文章がありません（このフォルダには teinei が読むファイル（{kinds}）がありません）"
            if mailboxes:  # a mailbox is an archive: read message by message when named, or audited
                why += (f"。.mbox ファイル {mailboxes} 件は、名前を指定すればチェックでき、"
                        f"`teinei audit {name}` で監査もできます")
            problems.append((name, why))
        elif mailboxes:
            notes.append((name, f".mbox ファイル {mailboxes} 件はチェックしていません。メールボックスは名前を指定すれば"
                                f"チェックでき、`teinei audit {name}` で監査もできます"))
    return found, problems, notes


def _walk(top: str) -> Iterator[tuple[str, list[str], OSError | None]]:
    """``os.walk`` top-down, sorted, without following links to folders, and without recursion (a tree a
    thousand folders deep was a RecursionError); a folder that cannot be listed comes with its error."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as error:
            yield folder, [], error
            continue
        files, folders = [], []
        for entry in listed:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if not is_folder:
                files.append(entry.name)
            elif entry.name not in _SKIP_DIRS and not entry.name.startswith(".") and not entry.is_symlink():
                folders.append(entry.name)
        yield folder, sorted(files), None
        stack.extend(os.path.join(folder, d) for d in sorted(folders, reverse=True))
