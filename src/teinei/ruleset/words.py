"""Word lists: a list of values written once (``_words/NAME.yaml``) and named wherever a token condition takes
values, as ``lemma: {words: NAME}`` or inside a list, ``lemma: [{words: NAME}, 休む]``.

A set phrase that several concepts leave out (ご了承ください, お待ちください… by the verb's lemma) would
otherwise be copied into each of them, and YAML anchors do not reach across files. Lists are written into the
raw rule data before it is validated, so the rule models and the checks never see a reference.
"""

from __future__ import annotations

from typing import Any

# The token features that take values (``teinei.ruleset.model.TokenCondition``).
FEATURES = frozenset({"surface", "lemma", "base", "reading", "pos", "pos1", "pos2", "pos3", "pos4", "ctype", "cform"})

Location = tuple[Any, ...]


def expand(data: Any, lists: dict[str, list[str]]) -> list[tuple[Location, str]]:
    """Write the named lists into ``data`` (a rule or concept file's fields, changed in place); the references
    to no list, with where they are."""
    problems: list[tuple[Location, str]] = []
    _walk(data, (), lists, problems)
    return problems


def _walk(node: Any, at: Location, lists: dict[str, list[str]], problems: list[tuple[Location, str]]) -> None:
    if isinstance(node, list):
        for index, item in enumerate(node):
            _walk(item, (*at, index), lists, problems)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in FEATURES:
                node[key] = _values(value, (*at, key), lists, problems)
            else:
                _walk(value, (*at, key), lists, problems)


def _values(value: Any, at: Location, lists: dict[str, list[str]], problems: list[tuple[Location, str]]) -> Any:
    """A feature's value with its references written out (anything else is left to the model to judge)."""
    if _reference(value) is not None:
        return _words(value, at, lists, problems)
    if isinstance(value, list) and any(_reference(item) is not None for item in value):
        written: list[Any] = []
        for index, item in enumerate(value):
            if _reference(item) is None:
                written.append(item)
            else:
                written.extend(_words(item, (*at, index), lists, problems))
        return list(dict.fromkeys(written)) if all(isinstance(w, str) for w in written) else written
    return value


def _reference(value: Any) -> str | None:
    if isinstance(value, dict) and list(value) == ["words"] and isinstance(value["words"], str):
        return value["words"]
    return None


def _words(value: Any, at: Location, lists: dict[str, list[str]], problems: list[tuple[Location, str]]) -> list[str]:
    name = _reference(value)
    if name in lists:
        return list(lists[name])
    known = ", ".join(sorted(lists)) or "none"
    problems.append((at, f"unknown word list '{name}' (known: {known}; a list is _words/NAME.yaml)"))
    return []
