"""Linting leaves the process as the caller set it: the garbage collector is never switched behind its back."""

from __future__ import annotations

import gc

from teinei.linter import Linter


def test_linting_never_switches_the_garbage_collector(linter: Linter, monkeypatch) -> None:
    switched: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: switched.append("disable"))
    monkeypatch.setattr(gc, "enable", lambda: switched.append("enable"))
    linter.lint("お世話になっております。\n資料を送ってください。")
    linter.fix("了解しました。明日伺います。")
    assert switched == []
