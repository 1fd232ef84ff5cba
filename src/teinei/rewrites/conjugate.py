"""Verb forms a rewrite needs (連用形, て形, 未然形), from a token's dictionary form and conjugation type: a
rewrite turns the writer's own verb into the polite request, so the verb must be conjugated, not replaced."""

from __future__ import annotations

_GODAN_I = dict(zip("うくぐすつぬぶむる", "いきぎしちにびみり", strict=True))
_GODAN_A = dict(zip("うくぐすつぬぶむる", "わかがさたなばまら", strict=True))
_GODAN_TE = {"う": "って", "つ": "って", "る": "って", "く": "いて", "ぐ": "いで", "す": "して", "ぬ": "んで",
             "ぶ": "んで", "む": "んで"}


def _conjugation(ctype: str) -> str:
    if ctype.startswith("五段"):
        return "godan"
    if ctype.startswith(("上一段", "下一段")):
        return "ichidan"
    if ctype.startswith("サ行変格"):
        return "suru"
    if ctype.startswith("カ行変格"):
        return "kuru"
    return ""


def continuative(base: str, ctype: str) -> str | None:
    """連用形: 送る → 送り, 教える → 教え, する → し; None for a form this does not know."""
    conjugation = _conjugation(ctype)
    if conjugation == "godan" and base[-1:] in _GODAN_I:
        return base[:-1] + _GODAN_I[base[-1]]
    if conjugation == "ichidan" and base.endswith("る"):
        return base[:-1]
    if conjugation == "suru" and base.endswith("する"):
        return base[:-2] + "し"
    if conjugation == "kuru" and base.endswith(("来る", "くる")):
        return base[:-2] + ("来" if base.endswith("来る") else "き")
    return None


def te_form(base: str, ctype: str) -> str | None:
    """て形: 送る → 送って, 読む → 読んで, 教える → 教えて, 行く → 行って."""
    conjugation = _conjugation(ctype)
    if conjugation == "godan" and base[-1:] in _GODAN_TE:
        if base in ("行く", "いく"):
            return base[:-1] + "って"
        return base[:-1] + _GODAN_TE[base[-1]]
    stem = continuative(base, ctype)
    return stem + "て" if stem is not None else None


def negative_te(base: str, ctype: str) -> str | None:
    """ないで形: 変更する → 変更しないで, 送る → 送らないで, 使う → 使わないで."""
    conjugation = _conjugation(ctype)
    if conjugation == "godan" and base[-1:] in _GODAN_A:
        return base[:-1] + _GODAN_A[base[-1]] + "ないで"
    if conjugation == "ichidan" and base.endswith("る"):
        return base[:-1] + "ないで"
    if conjugation == "suru" and base.endswith("する"):
        return base[:-2] + "しないで"
    if conjugation == "kuru":
        return base[:-2] + ("来ないで" if base.endswith("来る") else "こないで")
    return None
