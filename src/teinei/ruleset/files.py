"""Which files make a folder of rules: the shipped folder, concept, word-list and rule files, and reading one (a rule
file must be a regular file). No YAML or pydantic here: the compiled-rule cache lists these files to key
rule sets by them without parsing them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from teinei.errors import TeineiError, display_path, os_reason

CONCEPTS_DIR = "_concepts"
WORDS_DIR = "_words"
RULE_SUFFIXES = (".yaml", ".yml")


def builtin_rules_dir() -> Path:
    """The shipped rules: inside the installed package, or the repository's top-level ``rules/``."""
    packaged = Path(__file__).resolve().parent.parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


def concept_paths(root: Path) -> list[Path]:
    """The concept files of a rule folder (``_concepts/*.yaml`` or ``*.yml``)."""
    return [root / name for name in _inside(root, CONCEPTS_DIR)]


def word_list_paths(root: Path) -> list[Path]:
    """The word lists of a rule folder (``_words/*.yaml`` or ``*.yml``)."""
    return [root / name for name in _inside(root, WORDS_DIR)]


def rule_paths(root: Path) -> list[Path]:
    """The rule files of a rule folder: ``*.yaml`` or ``*.yml`` one category folder deep, nothing deeper (a
    folder such as ``/`` is never walked). Files directly in the folder are listed too, so that the loader
    refuses them with a line instead of ignoring them without a word."""
    return [root / name for name in _rule_names(root)]


def rule_folder_files(root: Path) -> list[str]:
    """Every file the loader reads from a rule folder, named relative to it (``curt/x.yaml``): concepts, word
    lists, rules. Names, not paths: every run lists them to key its kept rules, where building and sorting
    paths cost a millisecond."""
    return [*_inside(root, CONCEPTS_DIR), *_inside(root, WORDS_DIR), *_rule_names(root)]


def _inside(root: Path, folder: str) -> list[str]:
    return [f"{folder}/{name}" for name in sorted(_names(os.path.join(root, folder)))]


def _rule_names(root: Path) -> list[str]:
    """(Sorted by folder, then name, as paths sort.)"""
    found = [(name,) for name in _names(root)]
    for folder in _folders(root):
        found.extend((folder, name) for name in _names(os.path.join(root, folder)))
    return ["/".join(parts) for parts in sorted(found)]


def _names(folder: str | Path) -> list[str]:
    """Names in ``folder`` with a rule file's suffix, whatever they are (a folder so named is refused later)."""
    try:
        with os.scandir(folder) as entries:
            return [entry.name for entry in entries if entry.name.endswith(RULE_SUFFIXES)]
    except OSError:  # no such folder, or not readable: nothing listed, as a glob lists nothing
        return []


def _folders(root: Path) -> list[str]:
    """The category folders of a rule folder (links to folders too): not those named ``_…`` or ``.…``."""
    try:
        with os.scandir(root) as entries:
            return [e.name for e in entries if not e.name.startswith(("_", ".")) and _is_folder(e)]
    except OSError:
        return []


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def rule_label(path: Path) -> str:
    """How a rule file is named in errors: its folder as ``display_path`` names it, and its own name (a link
    is named as the link, not as what it points to)."""
    return os.path.join(display_path(path.parent), path.name)


def read_rule_file(path: Path, label: str | None = None) -> bytes:
    """The bytes of a rule or concept file, which must be a regular file: a folder, a FIFO or a device named
    ``*.yaml`` is a user error, never a hang or a traceback. (The label is worked out only for an error: it
    resolves the folder, and every run reads every rule file to key the compiled rules.)"""
    try:  # non-blocking: opening a FIFO must not wait for a writer
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise TeineiError(f"読み込めません（{os_reason(error)}）", path=label or rule_label(path)) from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise TeineiError("通常のファイルではありません（規則ファイルは普通の YAML ファイルにしてください）",
                          path=label or rule_label(path))
    with os.fdopen(descriptor, "rb") as file:
        try:
            return file.read()
        except OSError as error:
            raise TeineiError(f"読み込めません（{os_reason(error)}）", path=label or rule_label(path)) from None
