"""The tense of the sentence around a date: 「11月10日にお送りした資料」 speaks of the past, read from the
tokens that follow the date."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from teinei.dates.find import ScannedDate
    from teinei.tokens import Sentence, Token

_PREDICATE_POS = frozenset({"動詞", "助動詞", "形容詞"})
_RELATIVE_HEAD_POS = frozenset({"名詞", "接頭辞", "代名詞"})


_PREDICATE_REACH = 256  # tokens read after a date for its predicate: a sentence has far fewer (base64 has none)


def past_tense_after(sentence: Sentence, offset: int, cleft: int | None = -1) -> bool:
    """Whether the predicate that governs a date at ``offset`` is in the past tense.

    The first run of verbs and auxiliaries after the date decides (「11月10日にお送りした資料」 is past,
    「お送りする資料」 is not). A run that ends in a continuative form (「お送りいただき、」) hands the decision to
    the next run, and so does a past relative clause after a comma (「12月5日までに、先日お送りした資料を
    ご確認ください」: the date belongs to the request, not to 「お送りした」).

    Reads what it needs of each token once per type (``TypeTable.facts``): no ``Token`` is built. ``cleft``
    is ``_first_cleft_end(sentence)`` when the caller has it (-1: work it out); a line of hundreds of
    thousands of characters with hundreds of dates in it was quadratic.
    """
    cleft = _first_cleft_end(sentence) if cleft == -1 else cleft
    if cleft is not None and cleft <= offset:
        return True
    roles, types = sentence.table.facts(_role), sentence.types
    in_run = past = False  # inside a run of predicate tokens; a past auxiliary in it
    rentai = renyou = comma = False  # the run's last token ends a relative clause / continues; a 、 was seen
    first = bisect.bisect_left(sentence.starts, offset)
    for index in range(first, min(len(types), first + _PREDICATE_REACH)):
        predicate, joins, head, is_comma, is_rentai, is_renyou, is_past = roles[types[index]]  # type: ignore[misc]
        if predicate or (in_run and joins):
            in_run, past = True, past or is_past
            rentai, renyou = is_rentai, is_renyou
            continue
        if in_run:
            relative = rentai and head
            if past and not (comma and relative):
                return True
            if not (renyou or relative):
                return False
            in_run = past = False
        if is_comma:
            comma = True
    return in_run and past


def _role(token: Token) -> tuple[bool, bool, bool, bool, bool, bool, bool]:
    """What ``past_tense_after`` reads of a token: a predicate (verb, auxiliary, adjective); one that joins a
    run (接続助詞, 接尾辞); a head a relative clause can modify; a 読点; a 連体形 ending; an ending that hands
    on (連用形, て/で); a past auxiliary (た)."""
    return (
        token.pos1 in _PREDICATE_POS,
        token.pos2 == "接続助詞" or token.pos1 == "接尾辞",
        token.pos1 in _RELATIVE_HEAD_POS,
        token.pos2 == "読点",
        token.cform.startswith("連体形"),
        token.cform.startswith("連用形") or token.surface in ("て", "で"),
        token.pos1 == "助動詞" and token.lemma == "た",
    )


def _first_cleft_end(sentence: Sentence) -> int | None:
    """「連絡が取れたのは31日の夕方」: a past clause before 「のは」 makes a date after it a past one. Where the
    sentence's first such 「たのは」「たのが」 ends (a date at or after it is past), or None."""
    types = sentence.types
    past, protos = sentence.table.memo(_is_past_auxiliary), sentence.table.protos
    for index in range(len(types) - 2):
        following = protos[types[index + 1]].surface, protos[types[index + 2]].surface
        if past[types[index]] and following in (("の", "は"), ("の", "が")):
            return sentence.token_end(index + 2)
    return None


def _is_past_auxiliary(token: Token) -> bool:
    return token.pos1 == "助動詞" and token.lemma == "た"


def past_starts(raws: list[ScannedDate], sentences: Sequence[Sentence]) -> list[int]:
    """Where the expressions (``scan``) that lie in ``sentences`` start, of those a past tense follows in
    their sentence (read from its tokens: a window of a long text's sentences gives its own part)."""
    if not sentences:
        return []
    starts = [s.start for s in sentences]
    first = bisect.bisect_left([raw.start for raw in raws], starts[0])
    found: list[int] = []
    clefts: dict[int, int | None] = {}  # by sentence: worked out once for all its dates
    for raw in raws[first:]:
        if raw.start >= sentences[-1].end:
            break
        index = bisect.bisect_right(starts, raw.start) - 1
        sentence = sentences[index] if index >= 0 and raw.start < sentences[index].end else None
        if sentence is None:
            continue
        if index not in clefts:
            clefts[index] = _first_cleft_end(sentence)
        if past_tense_after(sentence, raw.end, clefts[index]):
            found.append(raw.start)
    return found
