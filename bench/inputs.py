"""Benchmark inputs, built from ``examples/`` and the labeled corpus into ``bench/out/`` (git-ignored).

Everything is deterministic (fixed seed), so two runs on two machines check the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
TREE_FILES = 10_000
MB = 1_000_000

# Placeholders a mail template tree really contains, and the names they stand for in the corpus texts.
_PLACEHOLDERS = {
    "株式会社サンプル": "{{ company }}",
    "佐藤様": "{{ customer_name }}様",
    "山田": "{{ sender }}",
    "12月4日(金)": "{{ due_date }}",
}
_SUFFIXES = (".txt", ".j2", ".md", ".tmpl")


@dataclass(frozen=True)
class Inputs:
    email: Path  # one e-mail (.eml) for the start-up figure
    messages: list[Path]  # single messages from examples/
    tree: Path  # TREE_FILES template files in nested folders
    text_1mb: Path
    text_10mb: Path


def corpus_texts() -> list[str]:
    """Message texts of examples/ and every labeled corpus item, in a fixed order."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    for path in sorted((ROOT / "tests" / "corpus").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        texts.extend(item["text"] for item in data.get("items", []) if isinstance(item.get("text"), str))
    return texts


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _email(body: str) -> bytes:
    message = EmailMessage()
    message["From"] = "山田 太郎 <yamada@example.co.jp>"
    message["To"] = "佐藤 花子 <sato@example.com>"
    message["Subject"] = "商品写真ご提供のお願い"
    message["Date"] = format_datetime(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9))))
    message.set_content(body)
    return bytes(message)


def _template(text: str, rng: random.Random) -> str:
    for name, placeholder in _PLACEHOLDERS.items():
        text = text.replace(name, placeholder)
    greeting = rng.choice(["{{ company }}\n{{ customer_name }}様\n\n", "{{ customer_name }}様\n\n", ""])
    return greeting + text


def _text_of_size(texts: list[str], size: int) -> str:
    """Corpus texts, separated by blank lines, repeated until the UTF-8 size reaches ``size`` bytes."""
    parts: list[str] = []
    total = 0
    index = 0
    while total < size:
        part = texts[index % len(texts)].rstrip("\n") + "\n\n"
        parts.append(part)
        total += len(part.encode("utf-8"))
        index += 1
    return "".join(parts)


def build(out: Path = OUT) -> Inputs:
    """Write (or reuse) every input; only files whose bytes would change are rewritten."""
    texts = corpus_texts()
    out.mkdir(parents=True, exist_ok=True)
    email = out / "message.eml"
    _write_if_changed(email, _email((ROOT / "examples" / "good-request.txt").read_text(encoding="utf-8")))
    messages = sorted((ROOT / "examples").glob("*.txt"))

    tree = out / "tree"
    rng = random.Random(8)
    wanted: set[Path] = set()
    for i in range(TREE_FILES):
        folder = tree / f"team-{i // 1000:02d}" / f"set-{i // 100 % 10:02d}"
        path = folder / f"template-{i:05d}{_SUFFIXES[i % len(_SUFFIXES)]}"
        wanted.add(path)
        _write_if_changed(path, _template(texts[i % len(texts)], rng).encode("utf-8"))
    for stale in [p for p in tree.rglob("*") if p.is_file() and p not in wanted]:
        stale.unlink()

    text_1mb, text_10mb = out / "text-1mb.txt", out / "text-10mb.txt"
    _write_if_changed(text_1mb, _text_of_size(texts, MB).encode("utf-8"))
    _write_if_changed(text_10mb, _text_of_size(texts, 10 * MB).encode("utf-8"))
    return Inputs(email, messages, tree, text_1mb, text_10mb)


def clean(out: Path = OUT) -> None:
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    built = build()
    print(f"inputs in {built.tree.parent}")
