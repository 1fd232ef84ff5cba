"""Concepts: named pattern sets (greeting, thanks, deadline…) matched once per analysis and shared."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teinei.analysis import NOTHING, Analysis, Match
from teinei.checks.text_pattern import Spans, compile_alternation, exclusions, finditer, inside
from teinei.checks.token_pattern import compile_sequences
from teinei.errors import TeineiError

if TYPE_CHECKING:
    from teinei.ruleset.model import Concept


class CompiledConcept:
    def __init__(self, name: str, concept: Concept, registry: ConceptRegistry) -> None:
        self.name = name
        self.concept = concept
        self.registry = registry
        self.pattern = compile_alternation(concept.phrases, concept.regex)
        self.exclude = compile_alternation((), concept.exclude, "exclude")
        self.sequences = compile_sequences(concept.tokens, "tokens")
        self._key = ("concept", name)

    def find(self, analysis: Analysis) -> list[Match]:
        return analysis.concept(self.name, self._compute)

    def overlaps(self, analysis: Analysis, start: int, end: int) -> bool:
        """Whether a match overlaps [start, end) (an empty match counts when it sits at ``start``)."""
        return analysis.concept_overlaps(self.name, self._compute, start, end)

    def _token_matches(self, analysis: Analysis) -> list[Match]:
        matches: list[Match] = []
        for number in self.sequences.possible(analysis):
            sequence = self.sequences[number]
            named = any(sequence.names)  # tokens are built only for matches with captures
            for sentence, first, last in sequence.search(analysis):
                captures = sequence.sentence_captures(sentence, first, analysis.document.text) if named else None
                matches.append(Match(sentence.starts[first], sentence.token_end(last - 1), captures or NOTHING))
        return matches

    def _compute(self, analysis: Analysis) -> list[Match]:
        text, timeout = analysis.text, analysis.regex_timeout
        matches: list[Match] = []
        if self.pattern is not None:
            named = bool(self.pattern.groupindex)
            for m in finditer(self.pattern, text, timeout):
                captures = {k: v for k, v in m.groupdict().items() if v is not None} if named else None
                matches.append(Match(*m.span(), captures or NOTHING))
        if self.sequences:
            matches.extend(analysis.once(self._key, self._token_matches))
        if any(fact in analysis.document.facts for fact in self.concept.facts):
            first = analysis.sentences[0] if analysis.sentences else None
            start, end = (first.start, first.end) if first is not None else (0, 0)
            matches.append(Match(start, end, {"fact": "1"}))
        for name in self.concept.include:
            matches.extend(self.registry[name].find(analysis))
        if self.exclude is not None:
            excluded = exclusions(self.exclude, text, timeout)
            matches = [m for m in matches if not inside(m.start, m.end, excluded)]
        for name in self.concept.unless if matches else ():
            covering = Spans((c.start, c.end) for c in self.registry[name].find(analysis))
            matches = [m for m in matches if not covering.contain(m.start, m.end)]
        matches.sort(key=lambda m: (m.start, -m.end))  # at one start, the longest (most specific) first
        return matches


class ConceptRegistry(dict[str, CompiledConcept]):
    """All concepts by name; names are checked when rules are compiled, so lookups cannot fail later."""

    @classmethod
    def build(cls, concepts: dict[str, tuple[str, Concept]]) -> ConceptRegistry:
        registry = cls()
        for name, (path, concept) in concepts.items():
            try:
                registry[name] = CompiledConcept(name, concept, registry)
            except TeineiError as error:
                error.path, error.context = path, f"概念 '{name}'"
                raise
        for name, (path, concept) in concepts.items():
            for field in ("include", "unless"):
                for other in getattr(concept, field):
                    if other not in concepts:
                        raise TeineiError(
                            f"概念 '{other}' はありません", path=path, context=f"概念 '{name}'", field=field
                        )
        # A concept needs the matches of those it includes and of those it is "unless": neither may lead back.
        for field, edges in (
            ("include", {name: c.include for name, (_, c) in concepts.items()}),
            ("unless", {name: [*c.include, *c.unless] for name, (_, c) in concepts.items()}),
        ):
            cycle = _include_cycle(edges)
            if cycle is not None:
                problem = ("自分自身を含んでいます" if field == "include"
                           else "一致を除くのに自分自身の一致を使っています")
                raise TeineiError(
                    f"この概念は{problem}（{' -> '.join(cycle)}）", path=concepts[cycle[0]][0],
                    context=f"概念 '{cycle[0]}'", field=field,
                )
        return registry

    def require(self, names: list[str], field: str) -> list[CompiledConcept]:
        missing = [n for n in names if n not in self]
        if missing:
            known = ", ".join(sorted(self)) or "なし"
            raise TeineiError(f"概念 '{missing[0]}' はありません（あるもの: {known}）", field=field)
        return [self[n] for n in names]


def _include_cycle(includes: dict[str, list[str]]) -> list[str] | None:
    """A chain of includes that comes back to its start (a -> b -> a), or None. Such a concept would be
    matched by matching itself, without end (a RecursionError thousands of lines long); found depth-first
    with an explicit stack, in name order, so the error names the same cycle on every run."""
    done: set[str] = set()
    for start in sorted(includes):
        if start in done:
            continue
        chain, stack = [start], [iter(includes[start])]
        while stack:
            following = next(stack[-1], None)
            if following is None:
                done.add(chain.pop())
                stack.pop()
            elif following in chain:
                return [*chain[chain.index(following) :], following]
            elif following not in done:
                chain.append(following)
                stack.append(iter(includes.get(following, [])))
    return None


def present(analysis: Analysis, concepts: list[CompiledConcept], start: int, end: int) -> bool:
    """Whether any of the concepts has a match overlapping [start, end)."""
    return any(concept.overlaps(analysis, start, end) for concept in concepts)


def sentence_bounds(analysis: Analysis, start: int) -> tuple[int, int]:
    sentence = analysis.sentence_at(start)
    return (sentence.start, sentence.end) if sentence is not None else (start, start + 1)


def message_bounds(analysis: Analysis) -> tuple[int, int]:
    return (0, len(analysis.text) + 1)
