"""Rewrites built from the writer's own sentence, for rules whose fix is not a fixed swap: one module per sort
of finding (requests, deadlines, thanks, refusals, whole messages), chosen by a rule's ``fix.rewrite``. Each
builder returns an ``Edit`` or None when the sentence does not allow a rewrite it can stand behind."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from teinei.analysis import Analysis, Match


class Edit(NamedTuple):
    """Replace ``text[start:end]`` of the analysed text with ``replacement``."""

    start: int
    end: int
    replacement: str


Builder = Callable[["Match", "Analysis"], "Edit | None"]

# fix.rewrite -> module:function
_BUILDERS = {
    "request": "request:rewrite_request",
    "pressure": "pressure:rewrite_pressed",
    "deadline": "deadline:add_deadline",
    "vague-deadline": "deadline:replace_vague",
    "thanks": "thanks:add_thanks",
    "receipt-thanks": "thanks:thank_for_receipt",
    "refusal": "refusal:soften_refusal",
    "message": "message:whole_message",
    "quantity": "quantity:slot_amount",
}


def build(name: str, match: Match, analysis: Analysis) -> Edit | None:
    """The rewrite ``name`` for one match (builders are imported on first use: most runs need none)."""
    module, function = _BUILDERS[name].split(":")
    builder: Builder = getattr(import_module(f"teinei.rewrites.{module}"), function)
    return builder(match, analysis)
