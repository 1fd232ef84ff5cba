"""Accuracy floors for the keigo, rudeness and wording packs on the labeled corpus (tests/corpus/*.yaml), as
measured by bench/accuracy.py. Floors, not exact figures: a rule change may raise them, never drop below.

Emoji, face marks and stacked ！ are reported at severity info (a hint about register, not a verdict); the
corpus marks those items with ``hints: [rudeness]`` so that an info finding counts as a hit there."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from .conftest import ROOT

FLOORS = {  # category: (minimum recall, maximum false-positive rate)
    "keigo": (0.95, 0.03),
    "rudeness": (0.95, 0.03),
    "wording": (0.95, 0.03),
}


def _accuracy():
    spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report():
    accuracy = _accuracy()
    items = accuracy.load_corpus(accuracy.corpus_files())
    return accuracy.evaluate(items, categories=list(FLOORS))


@pytest.mark.parametrize("category", sorted(FLOORS))
def test_recall_and_false_positives_stay_within_their_floors(report, category: str) -> None:
    score = report.scores[category]
    recall_floor, fp_ceiling = FLOORS[category]
    assert score.positives >= 30 and score.negatives >= 100, "the corpus lost its items for this category"
    assert score.recall >= recall_floor, f"{category} recall {score.recall:.3f}; missed: {score.missed}"
    assert score.fp_rate <= fp_ceiling, f"{category} false positives {score.fp_rate:.3f}: {score.false_alarms}"
