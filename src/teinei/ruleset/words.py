"""Word lists: a list of values written once (``_words/NAME.yaml``) and named wherever a token condition takes
values, as ``lemma: {words: NAME}`` or inside a list, ``lemma: [{words: NAME}, 休む]``.

A set phrase that several concepts leave out (ご了承ください, お待ちください… by the verb's lemma) would
otherwise be copied into each of them, and YAML anchors do not reach across files. Lists are written into the
raw rule data before it is validated, so the rule models and the checks never see a reference. What one file
gets written in is bounded as its own aliases are (``yaml_size``): a long list named many times is an error,
not a stalled hook.
"""

from __future__ import annotations

from typing import Any

from teinei.ruleset.yaml_size import MOST_VALUES

# The token features that take values (``teinei.ruleset.model.TokenCondition``).
FEATURES = frozenset({"surface", "lemma", "base", "reading", "pos", "pos1", "pos2", "pos3", "pos4", "ctype", "cform"})

Location = tuple[Any, ...]


def expand(data: Any, lists: dict[str, list[str]]) -> list[tuple[Location, str]]:
    """Write the named lists into ``data`` (a rule or concept file's fields, changed in place); the references
    to no list, and the one that takes the file past ``MOST_VALUES`` values, with where they are."""
    expander = _Expander(lists)
    expander.walk(data, ())
    return expander.problems


class _Expander:
    def __init__(self, lists: dict[str, list[str]]) -> None:
        self.lists = lists
        self.problems: list[tuple[Location, str]] = []
        self.written = 0

    def walk(self, data: Any, at: Location) -> None:
        """Every feature value in ``data``, in the file's order (a loop, not recursion: YAML nests 1,000 deep)."""
        stack = [(data, at)]
        while stack:
            node, where = stack.pop()
            if isinstance(node, list):
                stack.extend(reversed([(item, (*where, index)) for index, item in enumerate(node)]))
            elif isinstance(node, dict):
                inner = []
                for key, value in node.items():
                    if key in FEATURES:
                        node[key] = self.values(value, (*where, key))
                    else:
                        inner.append((value, (*where, key)))
                stack.extend(reversed(inner))

    def values(self, value: Any, at: Location) -> Any:
        """A feature's value with its references written out (anything else is left to the model to judge)."""
        if _reference(value) is not None:
            return self.words(value, at)
        if isinstance(value, list) and any(_reference(item) is not None for item in value):
            written: list[Any] = []
            for index, item in enumerate(value):
                if _reference(item) is None:
                    written.append(item)
                else:
                    written.extend(self.words(item, (*at, index)))
            return list(dict.fromkeys(written)) if all(isinstance(w, str) for w in written) else written
        return value

    def words(self, value: Any, at: Location) -> list[str]:
        name = _reference(value)
        if name not in self.lists:
            known = ", ".join(sorted(self.lists)) or "なし"
            why = f"単語リスト '{name}' はありません（あるもの: {known}。単語リストは _words/NAME.yaml に置きます）"
            self.problems.append((at, why))
            return []
        if self.written > MOST_VALUES:  # already said where
            return []
        self.written += len(self.lists[name])
        if self.written > MOST_VALUES:
            why = f"このファイルが使う単語リストを展開すると、値が上限の {MOST_VALUES:,} 個を超えます"
            self.problems.append((at, why))
            return []
        return list(self.lists[name])


def _reference(value: Any) -> str | None:
    if isinstance(value, dict) and list(value) == ["words"] and isinstance(value["words"], str):
        return value["words"]
    return None
