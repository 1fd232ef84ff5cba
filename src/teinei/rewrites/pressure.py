"""rudeness/pressure: a pressing request rewritten as a polite one (必ず・絶対に dropped, 至急 becomes the next
business day, the request conjugated with a cushion)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teinei.lazy_re import lazy
from teinei.rewrites import Edit
from teinei.rewrites.message import softened
from teinei.rewrites.request import ASK, CUSHION, TIMED

if TYPE_CHECKING:
    from teinei.analysis import Analysis, Match


# Words that press instead of asking (必ず・絶対に・何としても); 至急 becomes a date, not nothing.
_PRESSURE = lazy(r"(?:必ず|絶対に?|何としても|なんとしても)、?")
_URGENT_WORD = lazy(r"(?:至急|早急に)、?")


def rewrite_pressed(match: Match, analysis: Analysis) -> Edit | None:
    """rudeness/pressure: the pressing word dropped (至急 replaced by the next business day) and the request
    conjugated into a polite question with a cushion (必ず提出してください → お手数ですが、提出していただけます
    でしょうか)."""
    from teinei.dates import business_days_after, format_date

    text = analysis.text
    sentence = analysis.sentence_at(match.start)
    if sentence is None:
        return None
    written = text[sentence.start : sentence.end]
    plain = _PRESSURE.sub("", written)
    first = _PRESSURE.search(written)
    if first and not TIMED.search(plain) and not _URGENT_WORD.search(plain) and "今後" not in plain:
        # 必ず同封してください with no date is a standing rule: 今後、 says so (and asks for no deadline).
        plain = written[: first.start()] + "今後、" + _PRESSURE.sub("", written[first.end() :])
    if _URGENT_WORD.search(plain):
        due = format_date(business_days_after(analysis.today, 1, analysis.calendar))
        plain = _URGENT_WORD.sub(f"{due}までに、" if not TIMED.search(_URGENT_WORD.sub("", plain)) else "", plain)
    body, asks = softened(plain)
    if "ないで" + ASK in body:  # a request not to do something: 恐れ入りますが fits it (see rewrite_request)
        body = body.replace(CUSHION, "恐れ入りますが、", 1)
    if not asks or body.rstrip("。") == plain.rstrip("。"):
        return None
    return Edit(sentence.start, sentence.end, body if text[sentence.end - 1 : sentence.end] == "。" else body[:-1])
