"""How large a rule file is once its YAML aliases are written out, measured on the composed node graph before
anything is built from it.

An alias is the node it names, not a copy, so a few lines of nested aliases can stand for a billion values
(and an alias inside its own anchor for a structure that never ends): validating such a file would stall a
pre-commit hook on a cloned repository's rules. Each distinct node is sized once, so measuring costs no more
than the file's own length.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import yaml

MOST_VALUES = 50_000  # values in one rule file, aliases written out (the largest shipped file has 2,400)


def expanded_size(node: yaml.Node) -> int | None:
    """The number of nodes once every alias is written out; None when an alias sits inside what it names."""
    import yaml

    sizes: dict[int, int] = {}
    entered: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, children_done = stack.pop()
        key = id(current)
        if key in sizes and not children_done:
            continue
        if isinstance(current, yaml.MappingNode):
            children = [part for pair in current.value for part in pair]
        elif isinstance(current, yaml.SequenceNode):
            children = list(current.value)
        else:
            children = []
        if children_done:
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            continue
        if key in entered:  # reached again before its own size is known: it contains itself
            return None
        entered.add(key)
        stack.append((current, True))
        for child in children:
            if id(child) not in sizes:
                if id(child) in entered:
                    return None
                stack.append((child, False))
    return sizes[id(node)]
