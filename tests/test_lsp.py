"""`teinei lsp`: the server started as a subprocess and spoken to over stdio by pygls's language client."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

pytest.importorskip("pygls")
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from .conftest import CACHE_HOME, TODAY

WAIT = 60  # seconds: the first check loads the rules and the tagger


class Editor:
    """A minimal editor: keeps what the server published and what it showed, and the open texts."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.shown: list[types.ShowMessageParams] = []
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self._arrived = asyncio.Event()

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append(params)
            self._arrived.set()

        @client.feature(types.WINDOW_SHOW_MESSAGE)
        def shown(params: types.ShowMessageParams) -> None:
            self.shown.append(params)
            self._arrived.set()

        @client.feature(types.WINDOW_LOG_MESSAGE)
        def logged(params: types.LogMessageParams) -> None:
            pass

    async def until(self, ready: Callable[[], object]) -> None:
        async def wait() -> None:
            while not ready():
                self._arrived.clear()
                await self._arrived.wait()

        await asyncio.wait_for(wait(), WAIT)

    async def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        """The diagnostics published for the document's current version."""
        version = self.versions[uri]
        await self.until(lambda: any(p.version == version for p in self.published.get(uri, [])))
        return [p for p in self.published[uri] if p.version == version][-1].diagnostics

    def open(self, path: Path, text: str, language: str = "plaintext") -> str:
        uri = path.as_uri()
        self.texts[uri], self.versions[uri] = text, 1
        item = types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        return uri

    def edit(self, uri: str, edits: list[types.TextEdit]) -> None:
        """Apply edits as an editor does, and tell the server incrementally (the last edit first)."""
        ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)
        for edit in ordered:
            self.texts[uri] = apply_edit(self.texts[uri], edit)
        self.versions[uri] += 1
        changes = [types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in ordered]
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=changes,
        ))

    async def code_actions(self, uri: str, where: types.Range, only: list[str] | None = None) -> list[types.CodeAction]:
        diagnostics = await self.diagnostics(uri)
        params = types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=where,
            context=types.CodeActionContext(diagnostics=diagnostics, only=only),
        )
        return list(await self.client.text_document_code_action_async(params) or [])


def utf16_offset(line: str, units: int) -> int:
    """The character index of a UTF-16 column in a line."""
    count = 0
    for index, char in enumerate(line):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(line)


def apply_edit(text: str, edit: types.TextEdit) -> str:
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: position.line])
        return before + utf16_offset(lines[position.line], position.character)

    return text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]


@asynccontextmanager
async def editor(cwd: Path, encodings: list[str] | None = None, watch: bool = False) -> AsyncIterator[Editor]:
    client = LanguageClient("teinei-tests", "1")
    session = Editor(client)
    registered: list[types.Registration] = []
    session.registered = registered  # type: ignore[attr-defined]

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        registered.extend(params.registrations)
        session._arrived.set()
    env = {**os.environ, "XDG_CACHE_HOME": str(CACHE_HOME), "TEINEI_DATE": TODAY.isoformat()}
    await client.start_io(sys.executable, "-m", "teinei", "lsp", cwd=str(cwd), env=env)
    capabilities = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=watch)
        ),
    )
    result = await asyncio.wait_for(
        client.initialize_async(types.InitializeParams(capabilities=capabilities, root_uri=cwd.as_uri())), WAIT
    )
    session.capabilities = result.capabilities  # type: ignore[attr-defined]
    client.initialized(types.InitializedParams())
    try:
        yield session
    finally:
        await asyncio.wait_for(client.shutdown_async(None), WAIT)
        client.exit(None)
        await asyncio.wait_for(client.stop(), WAIT)


def run(coroutine) -> None:
    asyncio.run(coroutine)


def expected(text: str, path: str = "draft.txt") -> list[tuple]:
    """What the library finds in the text, as (rule, line, UTF-16 column, end line, end column): other rules
    may join the set, and the server must give exactly the library's findings."""
    from teinei.inputs import read_bytes
    from teinei.linter import Linter

    result = Linter(today=TODAY).lint_document(read_bytes(text.encode(), path))
    lines = text.split("\n")

    def units(line: int, column: int) -> int:
        return len(lines[line - 1][: column - 1].encode("utf-16-le")) // 2

    return [
        (f.rule, f.line - 1, units(f.line, f.column), f.end_line - 1, units(f.end_line, f.end_column))
        for f in result.findings
    ]


def spans(diagnostics: list[types.Diagnostic]) -> list[tuple]:
    return [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
        for d in diagnostics
    ]


def test_a_curt_draft_gets_diagnostics_with_rule_ids_ranges_and_suggestions(tmp_path: Path) -> None:
    from teinei.linter import Linter

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            assert session.capabilities.text_document_sync.change == types.TextDocumentSyncKind.Incremental
            uri = session.open(tmp_path / "draft.txt", "進捗を教えてください。")
            diagnostics = await session.diagnostics(uri)
            assert spans(diagnostics) == expected("進捗を教えてください。")
            assert {("curt/one-line", 0, 0, 0, 11), ("deadline/missing", 0, 3, 0, 10)} <= set(spans(diagnostics))
            first = next(d for d in diagnostics if d.code == "curt/one-line")
            assert first.source == "teinei"
            assert first.severity == types.DiagnosticSeverity.Warning
            finding = next(f for f in Linter(today=TODAY).lint("進捗を教えてください。").findings if f.rule == "curt/one-line")
            assert first.message == "\n".join([finding.message, *(f"提案: {s}" for s in finding.suggestions)])
            assert first.message.startswith("一文だけのメッセージ「進捗を教えてください。」は")
            assert first.message.splitlines()[1].startswith("提案: ")
            assert first.code_description is not None
            assert first.code_description.href.endswith("/rules/curt/one-line.yaml")

    run(scenario())


def test_ranges_count_utf16_units_by_default_and_code_points_when_negotiated(tmp_path: Path) -> None:
    text = "𠮷田様😀了解しました。"  # 𠮷 and 😀 are outside the BMP: two UTF-16 units each

    severities: dict[str, types.DiagnosticSeverity | None] = {}

    async def scenario(encodings: list[str] | None) -> list[tuple]:
        async with editor(tmp_path, encodings) as session:
            uri = session.open(tmp_path / "reply.txt", text)
            diagnostics = await session.diagnostics(uri)
            severities.update((str(d.code), d.severity) for d in diagnostics)
            return spans(diagnostics)

    utf16 = asyncio.run(scenario(None))
    assert utf16 == expected(text, "reply.txt")
    assert severities["rudeness/emoji"] == types.DiagnosticSeverity.Information
    assert severities["keigo/ryokai"] == types.DiagnosticSeverity.Warning
    assert {("rudeness/emoji", 0, 4, 0, 6), ("keigo/ryokai", 0, 6, 0, 12)} <= set(utf16)
    utf32 = asyncio.run(scenario([types.PositionEncodingKind.Utf32]))
    assert {("rudeness/emoji", 0, 3, 0, 4), ("keigo/ryokai", 0, 4, 0, 10)} <= set(utf32)


def test_the_quick_fix_edits_the_span_and_the_finding_goes_away(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(tmp_path / "reply.txt", "𠮷田様😀了解しました。")
            diagnostics = await session.diagnostics(uri)
            ryokai = next(d for d in diagnostics if d.code == "keigo/ryokai")
            actions = await session.code_actions(uri, ryokai.range, only=[types.CodeActionKind.QuickFix])
            by_rule = {a.diagnostics[0].code: a for a in actions if a.diagnostics}
            assert len(by_rule) == len(actions)  # one quick fix per finding with a fix
            action = by_rule["keigo/ryokai"]
            assert action.title == "teinei: 「了解しました」を「承知しました」に直す"
            assert action.kind == types.CodeActionKind.QuickFix and action.is_preferred
            assert action.edit is not None and action.edit.changes is not None
            session.edit(uri, action.edit.changes[uri])
            assert session.texts[uri] == "𠮷田様😀承知しました。"
            after = spans(await session.diagnostics(uri))
            assert after == expected("𠮷田様😀承知しました。", "reply.txt")
            assert ("rudeness/emoji", 0, 4, 0, 6) in after and "keigo/ryokai" not in {a[0] for a in after}

    run(scenario())


def test_apply_all_safe_fixes_gives_what_check_fix_writes(tmp_path: Path) -> None:
    from teinei.linter import Linter

    text = "お世話様です。\n先日の件、了解しました。\n𠮷田様にもよろしくお伝えください。\n"
    expected, applied = Linter(today=TODAY).fix(text)
    assert len(applied) == 2  # the scenario needs two fixes on different lines

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(tmp_path / "mail.txt", text)
            await session.diagnostics(uri)
            whole = types.Range(types.Position(0, 0), types.Position(0, 0))
            actions = await session.code_actions(uri, whole, only=[types.CodeActionKind.SourceFixAll])
            assert [a.title for a in actions] == ["teinei: 安全な自動修正をすべて適用（2 件）"]
            assert actions[0].edit is not None and actions[0].edit.changes is not None
            session.edit(uri, actions[0].edit.changes[uri])
            assert session.texts[uri] == expected
            assert not [d for d in await session.diagnostics(uri) if d.code in {"keigo/ryokai", "keigo/osewasama"}]

    run(scenario())


def test_hover_on_a_flagged_span_shows_what_explain_says(tmp_path: Path) -> None:
    from teinei.explain import explain_rule
    from teinei.linter import Linter
    from teinei.ruleset.load import read_rules

    explanation = explain_rule(read_rules().rules["keigo/ryokai"])

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            text = "いつもお世話になっております。\n𠮷田様😀了解しました。\nよろしくお願いいたします。\n"
            uri = session.open(tmp_path / "reply.txt", text)
            diagnostics = await session.diagnostics(uri)

            async def hover(line: int, character: int) -> types.Hover | None:
                params = types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line, character))
                return await session.client.text_document_hover_async(params)

            found = await hover(1, 8)
            assert found is not None and isinstance(found.contents, types.MarkupContent)
            ryokai = next(f for f in Linter(today=TODAY).lint(text).findings if f.rule == "keigo/ryokai")
            why = explanation.rsplit("\n定義:", 1)[0]  # the file is named relative to each process's folder
            assert f"**{ryokai.message}**\n\n```text\n{why}\n" in found.contents.value
            assert not [d for d in diagnostics if d.range.start.line <= 0 <= d.range.end.line]
            assert await hover(0, 1) is None  # nothing flagged there

    run(scenario())


def test_typing_fast_ends_with_the_diagnostics_of_the_last_text_and_close_clears_them(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(tmp_path / "draft.md", "お疲れ様です。\n")
            assert spans(await session.diagnostics(uri)) == []
            for character, typed in enumerate("了解しました。"):
                at = types.Position(1, character)
                session.edit(uri, [types.TextEdit(types.Range(at, at), typed)])
            assert session.texts[uri] == "お疲れ様です。\n了解しました。"
            assert ("keigo/ryokai", 1, 0, 1, 6) in spans(await session.diagnostics(uri))
            published = len(session.published[uri])
            assert published < 1 + 7  # the seven keystrokes were not each checked
            session.client.text_document_did_close(
                types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
            )
            await session.until(lambda: len(session.published[uri]) > published)
            assert not session.published[uri][-1].diagnostics

    run(scenario())


def test_the_subject_of_an_eml_file_is_flagged_on_its_header_line(tmp_path: Path) -> None:
    mail = "From: a@example.jp\nTo: b@example.jp\nSubject: ご確認\n\nいつもお世話になっております。\n資料をお送りします。\n"

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(tmp_path / "mail.eml", mail)
            diagnostics = await session.diagnostics(uri)
            assert ("clarity/vague-subject", 2, 9, 2, 12) in spans(diagnostics)

    run(scenario())


def test_a_broken_configuration_is_shown_once_and_the_server_keeps_serving(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "teinei.toml").write_text('profil = "internal"\n', encoding="utf-8")
    fine = tmp_path / "fine"
    fine.mkdir()

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            first = session.open(broken / "a.txt", "了解しました。")
            second = session.open(broken / "b.txt", "了解しました。")
            assert not await session.diagnostics(first)
            assert not await session.diagnostics(second)
            assert len(session.shown) == 1
            message = session.shown[0]
            assert message.type == types.MessageType.Error
            assert message.message.count("\n") == 0
            assert "teinei.toml: profil: このキーはありません。'profile' のことでしょうか" in message.message
            ok = session.open(fine / "c.txt", "了解しました。")
            assert "keigo/ryokai" in [d.code for d in await session.diagnostics(ok)]
            assert len(session.shown) == 1
            # fixed and saved: the documents under it are checked again
            config = broken / "teinei.toml"
            config.write_text('profile = "internal"\n', encoding="utf-8")
            checks = len(session.published[first])
            session.client.text_document_did_save(
                types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(config.as_uri()))
            )
            await session.until(lambda: len(session.published[first]) > checks)
            assert "keigo/ryokai" in [d.code for d in session.published[first][-1].diagnostics]
            assert len(session.shown) == 1

    run(scenario())


def test_a_configuration_changed_on_disk_is_read_again_when_the_editor_watches_files(tmp_path: Path) -> None:
    config = tmp_path / "teinei.toml"
    config.write_text('ignore = ["keigo/ryokai"]\n', encoding="utf-8")

    async def scenario() -> None:
        async with editor(tmp_path, watch=True) as session:
            uri = session.open(tmp_path / "reply.txt", "了解しました。")
            assert "keigo/ryokai" not in [d.code for d in await session.diagnostics(uri)]
            await session.until(lambda: session.registered)
            [registration] = session.registered
            assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
            patterns = [w["globPattern"] for w in registration.register_options["watchers"]]
            assert patterns == ["**/.teinei.toml", "**/teinei.toml", "**/pyproject.toml"]
            config.write_text("ignore = []\n", encoding="utf-8")
            checks = len(session.published[uri])
            session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
            ))
            await session.until(lambda: len(session.published[uri]) > checks)
            assert "keigo/ryokai" in [d.code for d in session.published[uri][-1].diagnostics]

    run(scenario())


def test_only_the_files_check_reads_are_checked_and_an_untitled_text_buffer_is(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with editor(tmp_path) as session:
            code = session.open(tmp_path / "script.py", "# 了解しました。\n", language="python")
            item = types.TextDocumentItem(uri="untitled:Untitled-1", language_id="plaintext", version=1, text="了解しました。")
            session.texts[item.uri], session.versions[item.uri] = item.text, 1
            session.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
            assert "keigo/ryokai" in [d.code for d in await session.diagnostics(item.uri)]
            assert code not in session.published  # checked before the untitled buffer, and skipped

    run(scenario())


def test_unsafe_and_display_fixes_are_quick_fixes_that_are_not_preferred(tmp_path: Path) -> None:
    from teinei.linter import Linter

    text = "進捗を教えてください。"
    fixes = {f.rule: f.fix for f in Linter(today=TODAY).lint(text).findings if f.fix is not None}
    kinds = {fix.applicability for fix in fixes.values()}
    if not {"unsafe", "display"} <= kinds:
        pytest.skip(f"the rules give this draft no unsafe and display fix ({sorted(kinds)})")

    async def scenario() -> None:
        async with editor(tmp_path) as session:
            uri = session.open(tmp_path / "draft.txt", text)
            await session.diagnostics(uri)
            whole = types.Range(types.Position(0, 0), types.Position(0, 11))
            actions = await session.code_actions(uri, whole, only=[types.CodeActionKind.QuickFix])
            by_rule = {a.diagnostics[0].code: a for a in actions if a.diagnostics}
            assert set(by_rule) == set(fixes)
            for rule, fix in fixes.items():
                action = by_rule[rule]
                assert action.is_preferred is (fix.applicability == "safe")
                assert action.edit is not None and action.edit.changes is not None
                [edit] = action.edit.changes[uri]
                assert edit.new_text == fix.replacement
                if fix.applicability == "display":
                    assert action.title.startswith("teinei: 書き換え例「")
                    assert action.title.endswith("を入れる（〇〇 の部分を書き換えてください）") == ("〇〇" in fix.replacement)
                if fix.applicability == "unsafe":
                    assert action.title.endswith("（意味が変わらないか確認してください）")
            # an insertion (a deadline added before the verb) is an empty range
            unsafe = next(r for r, f in fixes.items() if f.applicability == "unsafe" and f.start == f.end)
            [edit] = by_rule[unsafe].edit.changes[uri]
            assert edit.range.start == edit.range.end

    run(scenario())
