"""Loading rule packs: YAML files -> validated rule models -> compiled checks.

A rule's id is its path (``rules/deadline/vague.yaml`` -> ``deadline/vague``); concepts live in
``_concepts/NAME.yaml`` and word lists in ``_words/NAME.yaml``. Every mistake in a rule file is a
``TeineiError`` naming file, line, rule and field.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from teinei.errors import TeineiError, TeineiErrors, bad_byte
from teinei.ruleset import placeholders, words
from teinei.ruleset.files import (
    builtin_rules_dir,
    concept_paths,
    read_rule_file,
    rule_label,
    rule_paths,
    word_list_paths,
)
from teinei.ruleset.model import CATEGORIES, RULE_KINDS, Concept, Rule, WordList
from teinei.ruleset.rule_set import LoadedRule, RuleSet
from teinei.ruleset.yaml_size import MOST_VALUES, expanded_size
from teinei.validation_words import said

if TYPE_CHECKING:
    import yaml

    from teinei.checks.concept import ConceptRegistry


def _category_allowed(category: str, root: Path) -> bool:
    """The shipped rules use the built-in categories; a rule pack of one's own (``--rules``, ``rules =``) may
    bring its own, such as ``house/banned-word``, but not the names teinei keeps for itself."""
    if category in CATEGORIES:
        return True
    own = re.fullmatch(r"[a-z][a-z0-9-]{0,31}", category) is not None and category != "teinei"
    return own and root.resolve() != builtin_rules_dir().resolve()


def _read_yaml(path: Path, label: str) -> tuple[Any, yaml.Node | None]:
    import yaml  # here, not at the top: a run whose rules come from the compiled-rule cache reads no YAML

    try:
        text = read_rule_file(path, label).decode("utf-8")
    except UnicodeDecodeError as error:
        raise TeineiError(f"UTF-8 として読めません（{bad_byte(error)}）", path=label) from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:  # parsed once: the nodes give the lines of errors, and the data is built from them
        node = loader.get_single_node()
        size = expanded_size(node) if node is not None else 0
        if size is None:
            raise TeineiError("YAML として読めません（エイリアスが自分を含むアンカーを指していて、終わりがありません）",
                              path=label)
        if size > MOST_VALUES:
            raise TeineiError(
                f"大きすぎます（YAML のエイリアスを展開すると {size:,} 個の値になります。"
                f"上限は {MOST_VALUES:,} 個です）",
                path=label,
            )
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise TeineiError(
            f"YAML として読めません（{problem}）", path=label, line=mark.line + 1 if mark else None
        ) from None
    finally:
        loader.dispose()
    return data, node


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The line of the YAML node at a pydantic error location (the deepest one that exists)."""
    import yaml

    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == key), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
    return line


def _field_name(loc: tuple[Any, ...]) -> str:
    # Discriminated unions put the kind's tag into the location; it is not a field the user wrote.
    parts = [str(p) for p in loc if p not in RULE_KINDS]
    return ".".join(parts) or "(rule)"


def _validation_error(error: ValidationError, label: str, node: yaml.Node | None, context: str) -> TeineiError:
    """Every mistake pydantic found in the file, one line each (not only the first: one per run is slow)."""
    found: list[TeineiError] = []
    for problem in error.errors():
        loc = tuple(p for p in problem["loc"] if p not in RULE_KINDS)
        message = said(problem, mapping="マッピング")
        if problem["type"] in ("union_tag_invalid", "union_tag_not_found"):
            message = f"{'、'.join(RULE_KINDS)} のいずれかを指定してください"
            loc = ("kind",)
        line = _line_of(node, loc)
        found.append(TeineiError(message, path=label, line=line, context=context, field=_field_name(loc)))
    return TeineiErrors.of(found)


@cache
def _adapter(model: Any) -> TypeAdapter[Any]:
    """Validators are built on first use: a run whose rules come from the compiled-rule cache needs none."""
    return TypeAdapter(model)


def _expand_words(
    data: Any, lists: dict[str, list[str]], label: str, node: yaml.Node | None, context: str
) -> None:
    """The word lists a rule or concept file names, written into its data; a list that does not exist is one
    error line for each place that names it."""
    unknown = words.expand(data, lists)
    if unknown:
        raise TeineiErrors.of([
            TeineiError(problem, path=label, line=_line_of(node, loc), context=context, field=_field_name(loc))
            for loc, problem in unknown
        ])


def load_rule_file(
    path: Path, root: Path, concepts: ConceptRegistry, concept_data: dict[str, Any] | None = None,
    lists: dict[str, list[str]] | None = None,
) -> LoadedRule:
    """One rule file, validated and compiled; ``concept_data`` (each concept's fields, by name) lets the
    placeholders of its message and suggestions be checked against the concepts' captures, and ``lists`` are
    the word lists its token conditions may name."""
    label = rule_label(path)
    relative = path.relative_to(root).with_suffix("")
    expected_id = "/".join(relative.parts)
    context = f"規則 '{expected_id}'"
    data, node = _read_yaml(path, label)
    if not isinstance(data, dict):
        raise TeineiError("規則ファイルは項目のマッピングで書いてください", path=label, context=context)
    _expand_words(data, lists or {}, label, node, context)
    if len(relative.parts) != 2 or not _category_allowed(relative.parts[0], root):
        raise TeineiError(
            f"規則ファイルはカテゴリーのフォルダ（{', '.join(CATEGORIES)}）に置いてください"
            "（独自の規則パックのカテゴリー名には、小文字・数字・ハイフンが使えます）", path=label, context=context,
        )
    try:
        rule = _adapter(Rule).validate_python(data)
    except ValidationError as error:
        raise _validation_error(error, label, node, context) from None
    unfilled = placeholders.check(data, concept_data if concept_data is not None else _concept_data(concepts))
    if unfilled:
        raise TeineiErrors.of([
            TeineiError(problem, path=label, line=_line_of(node, loc), context=context, field=_field_name(loc))
            for loc, problem in unfilled
        ])
    category = relative.parts[0]
    if rule.id is not None and rule.id != expected_id:
        raise TeineiError(
            f"'{rule.id}' がファイルのパスと合いません（'{expected_id}' にしてください）",
            path=label, line=_line_of(node, ("id",)), context=context, field="id",
        )
    if rule.category is not None and rule.category != category:
        raise TeineiError(
            f"'{rule.category}' がフォルダ '{category}' と合いません",
            path=label, line=_line_of(node, ("category",)), context=context, field="category",
        )
    rule = rule.model_copy(update={"id": expected_id, "category": category})
    from teinei.checks import build_check  # the check kinds (and `regex`) only when rules are compiled

    try:
        check = build_check(rule, concepts)
    except TeineiError as error:
        error.path, error.context = label, context
        error.line = _line_of(node, tuple((error.field or "").split(".")[:1]))
        raise
    return LoadedRule(rule, label, check)


def _word_lists(roots: list[Path]) -> dict[str, list[str]]:
    """Every word list of the rule folders, by name (a later folder's list of the same name wins)."""
    paths = [path for root in roots for path in word_list_paths(root)]
    return {name: found.words for name, (_, found) in _named_files(paths, WordList, "単語リスト").items()}


def _concept_files(roots: list[Path], lists: dict[str, list[str]]) -> dict[str, tuple[str, Concept]]:
    return _named_files([path for root in roots for path in concept_paths(root)], Concept, "概念", lists)


def _named_files(
    paths: list[Path], model: Any, kind: str, lists: dict[str, list[str]] | None = None
) -> dict[str, tuple[str, Any]]:
    """Each file validated as ``model``, by name with its label (a later file of the same name wins), with the
    word lists it names written in first; the mistakes of all of them at once, one line each."""
    found: dict[str, tuple[str, Any]] = {}
    problems: list[TeineiError] = []
    for path in paths:
        label, context = rule_label(path), f"{kind} '{path.stem}'"
        try:
            data, node = _read_yaml(path, label)
            if lists is not None:
                _expand_words(data, lists, label, node, context)
            found[path.stem] = (label, _adapter(model).validate_python(data))
        except ValidationError as error:
            problems.append(_validation_error(error, label, node, context))
        except TeineiError as error:
            problems.append(error)
    if problems:
        raise TeineiErrors.of([line for problem in problems for line in _each(problem)])
    return found


def _concept_data(concepts: ConceptRegistry) -> dict[str, Any]:
    return {name: compiled.concept.model_dump(by_alias=True) for name, compiled in concepts.items()}


def _each(error: TeineiError) -> list[TeineiError]:
    return list(error.errors) if isinstance(error, TeineiErrors) else [error]


def read_rules(extra_dirs: tuple[str | Path, ...] = ()) -> RuleSet:
    """The built-in rules plus those in ``extra_dirs`` (a later rule or concept of the same name wins)."""
    roots = [builtin_rules_dir()]
    for extra in extra_dirs:
        path = Path(extra)
        if not path.is_dir():
            raise TeineiError("規則のフォルダではありません", path=str(extra))
        roots.append(path)
    if len(roots) == 1:
        return _load_builtin()
    return _load(tuple(roots))


@lru_cache(maxsize=1)
def _load_builtin() -> RuleSet:
    """The shipped rules never change while a process runs; user folders may, so only these are cached."""
    return _load((builtin_rules_dir(),))


def _load(roots: tuple[Path, ...]) -> RuleSet:
    """Every rule file is loaded or refused: the mistakes of all of them are reported at once, one line each.
    A user rule takes a built-in rule's place only when it says so (``replaces: <id>``)."""
    from teinei.checks.concept import ConceptRegistry

    lists = _word_lists(list(roots))
    concepts = ConceptRegistry.build(_concept_files(list(roots), lists))
    concept_data = _concept_data(concepts)
    rules: dict[str, LoadedRule] = {}
    builtin: set[str] = set()
    problems: list[TeineiError] = []
    for number, root in enumerate(roots):
        for path in rule_paths(root):
            try:
                loaded = load_rule_file(path, root, concepts, concept_data, lists)
                if number:
                    _take_place(loaded, rules, builtin)
                if loaded.id in rules and rules[loaded.id].path != loaded.path and loaded.id not in builtin:
                    earlier = rules[loaded.id].path
                    if Path(earlier).parent == Path(loaded.path).parent:  # x.yaml and x.yml
                        raise TeineiError(f"{earlier} と同じ規則を定義しています", path=loaded.path)
            except TeineiError as error:
                problems.extend(_each(error))
                continue
            rules[loaded.id] = loaded
        if not number:
            builtin = set(rules)
    if problems:
        raise TeineiErrors.of(problems)
    return RuleSet(dict(sorted(rules.items())), concepts)


def _take_place(loaded: LoadedRule, rules: dict[str, LoadedRule], builtin: set[str]) -> None:
    """A user rule that names a built-in rule's id in ``replaces`` drops that rule; one that has a built-in
    rule's id without saying so is refused (it would silently change what the built-in rule checks)."""
    wanted = loaded.rule.replaces
    context = f"規則 '{loaded.id}'"
    if wanted is None:
        if loaded.id in builtin:
            raise TeineiError(
                f"組み込みの規則に同じ id があります。この規則に置き換えるには `replaces: {loaded.id}` を加え、"
                "そうでなければファイルに別の名前を付けてください",
                path=loaded.path, context=context,
            )
        return
    if wanted not in builtin:
        raise TeineiError(f"組み込みの規則 '{wanted}' はありません（一覧は `teinei rules`）", path=loaded.path,
                          context=context, field="replaces")
    builtin.discard(wanted)
    rules.pop(wanted, None)
