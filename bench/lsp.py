"""`teinei lsp`: from a change sent by the editor to the diagnostics published for it, for a 10-line e-mail,
measured with pygls's client over the server's stdio (the server warm: its first check is left out).

    .venv/bin/python bench/lsp.py [CHANGES]

Each change is a keystroke's incremental edit, sent after the server's debounce window has passed, so it is
checked at once; a burst of keystrokes is measured too (how many checks it costs, and the time to the last
text's diagnostics).
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from teinei.lsp import DEBOUNCE_SECONDS

MAIL = """株式会社サンプル
山田様

いつもお世話になっております。株式会社テイネイの佐藤です。
先日ご依頼いただいた資料の件、了解しました。
資料とかはもう少しお待ちください。
修正版は12月4日(金)17時までにお送りいたします。
ご不明な点がございましたら、お気軽にお問い合わせください。
引き続きよろしくお願いいたします。
佐藤
"""


async def measure(changes: int) -> None:
    client = LanguageClient("teinei-bench", "1")
    published: dict[int, float] = {}
    arrived = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published.setdefault(params.version or 0, time.perf_counter())
        arrived.set()

    async def until(version: int) -> float:
        while version not in published:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 60)
        return published[version]

    folder = Path(tempfile.mkdtemp(prefix="teinei-bench-lsp-"))
    uri = (folder / "mail.txt").as_uri()
    await client.start_io(sys.executable, "-m", "teinei", "lsp", cwd=str(folder))
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    item = types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=MAIL)
    started = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    first = await until(1) - started
    version = 1

    def type_key(character: str, column: int) -> float:
        nonlocal version
        version += 1
        at = types.Position(8, column)
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(at, at), text=character)],
        ))
        return time.perf_counter()

    latencies = []
    for index in range(changes):
        await asyncio.sleep(DEBOUNCE_SECONDS * 1.2)
        sent = type_key("。" if index % 2 else "、", 0)
        latencies.append((await until(version) - sent) * 1000)

    await asyncio.sleep(DEBOUNCE_SECONDS * 1.2)
    burst_start, checks_before = time.perf_counter(), len(published)
    for column in range(20):
        type_key("あ", column)
    last = await until(version)
    await asyncio.sleep(DEBOUNCE_SECONDS * 1.2)  # any check still due
    burst_checks = len(published) - checks_before

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    shutil.rmtree(folder, ignore_errors=True)

    latencies.sort()
    print(f"first check after open (rules and tagger loaded): {first * 1000:.0f} ms")
    print(f"change -> diagnostics, warm, {changes} changes of a 10-line mail:")
    print(f"  median {statistics.median(latencies):.1f} ms, p90 {latencies[int(len(latencies) * 0.9) - 1]:.1f} ms, "
          f"max {latencies[-1]:.1f} ms")
    print(f"burst of 20 keystrokes: {burst_checks} checks published, last text's diagnostics after "
          f"{(last - burst_start) * 1000:.0f} ms (debounce window {DEBOUNCE_SECONDS * 1000:.0f} ms)")


if __name__ == "__main__":
    asyncio.run(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 50))
