"""``teinei lsp``: a language server over stdio (pygls), so that editors show teinei's findings as you type,
with quick fixes and the rule's explanation on hover. One warm ``Linter`` per configuration serves every check.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from teinei import __version__
from teinei.editor import Placement, fix_all, is_lintable, lint_buffer, smallest_edit
from teinei.errors import TeineiError
from teinei.findings import Finding, Fix
from teinei.linter import Linter
from teinei.ruleset.model import Severity
from teinei.workspace import CONFIG_NAMES, Workspace

SOURCE = "teinei"
# Typing sends a change per keystroke. The first change after a quiet spell is checked at once (a check of a
# mail takes milliseconds); later ones within this window are folded into one check at its end.
DEBOUNCE_SECONDS = 0.25
FIX_ALL_TITLE = "teinei: 安全な自動修正をすべて適用"
_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
# Buffers without a file (untitled:) are checked when the editor says they are text or Markdown.
_TEXT_LANGUAGES = frozenset({"plaintext", "markdown", "text"})

logger = logging.getLogger(__name__)


@dataclass
class Checked:
    """The last check of an open document: what code actions and hover answer from."""

    version: int | None
    path: str
    placement: Placement
    linter: Linter
    diagnostics: list[tuple[Finding, types.Diagnostic]]


class TeineiLanguageServer(LanguageServer):
    """The server and what it keeps between requests: the configurations found, the last check of each
    open document, the pending debounced checks and the configuration errors already shown."""

    def __init__(self, today: dt.date | None = None) -> None:
        super().__init__("teinei", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.today = today
        self.config_workspace = Workspace(today=today)
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.last_check: dict[str, float] = {}
        self.shown_errors: set[str] = set()
        self.rule_uris: dict[tuple[int, str], str | None] = {}

    # ----------------------------------------------------------------------------------------- scheduling

    def schedule(self, uri: str) -> None:
        """Check now if the document was not checked within the debounce window, else once at its end."""
        if uri in self.pending:
            return  # a check is already due, and it will read the text as it is then
        wait = self.last_check.get(uri, -DEBOUNCE_SECONDS) + DEBOUNCE_SECONDS - time.monotonic()
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(max(wait, 0.0), self._run_pending, uri)

    def _run_pending(self, uri: str) -> None:
        self.pending.pop(uri, None)
        if uri not in self.workspace.text_documents:
            return  # closed while the check was due
        self.last_check[uri] = time.monotonic()
        try:
            self.check(uri)
        except Exception:  # a bug must cost one document's diagnostics, never the editor's server
            logger.exception("teinei: checking %s failed", uri)
            self.window_log_message(
                types.LogMessageParams(types.MessageType.Error, f"teinei: {uri} のチェック中に内部エラーが発生しました")
            )

    def fresh(self, uri: str) -> Checked | None:
        """The check of the document's current text: a request that arrives before a due check runs it now."""
        if uri not in self.workspace.text_documents:
            return None  # not open: nothing of it is shown
        checked = self.checked.get(uri)
        if checked is not None and checked.version == self.workspace.get_text_document(uri).version:
            return checked
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        self._run_pending(uri)
        return self.checked.get(uri)

    def forget(self, uri: str) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        self.checked.pop(uri, None)
        self.last_check.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def reload_configuration(self) -> None:
        """A configuration file changed: find configurations afresh and check every open document again."""
        self.config_workspace = Workspace(today=self.today)
        self.shown_errors.clear()
        self.rule_uris.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri)

    def watch_configuration(self) -> None:
        """Ask the editor to say when a configuration file changes on disk (not only when saved in it)."""
        watched = self.client_capabilities.workspace and self.client_capabilities.workspace.did_change_watched_files
        if not (watched and watched.dynamic_registration):
            return
        watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES]
        self.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
            id="teinei-configuration",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
        )]))

    # ----------------------------------------------------------------------------------------- checking

    def check(self, uri: str) -> None:
        document = self.workspace.get_text_document(uri)
        path = to_fs_path(uri) if uri.startswith("file:") else None
        if path is None and (document.language_id or "") not in _TEXT_LANGUAGES:
            return
        if path is not None and not is_lintable(path):
            return
        name = path or "-"
        linter = self.linter_for(name)
        text = document.source
        result = lint_buffer(linter, text, name, self.today) if linter is not None else None
        if result is None:
            self.checked.pop(uri, None)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[], version=document.version)
            )
            return
        for error in result.errors:
            self.window_log_message(types.LogMessageParams(types.MessageType.Warning, f"teinei: {error}"))
        placement = Placement(text, result, self.workspace.position_codec.client_num_units)
        pairs = [(finding, self.diagnostic(finding, placement, linter)) for finding in result.findings]
        self.checked[uri] = Checked(document.version, name, placement, linter, pairs)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[d for _, d in pairs], version=document.version)
        )

    def linter_for(self, name: str) -> Linter | None:
        """The linter of the document's configuration; None (after one message) when that configuration is
        broken or the configuration excludes the file."""
        try:
            if name != "-" and self.config_workspace.config_for(name).excluded(name):
                return None
            linter = self.config_workspace.linter_for(name)
            linter.ruleset  # noqa: B018 - loading the rules may find a mistake in the configuration too
            return linter
        except TeineiError as error:
            message = " / ".join(str(error).splitlines())  # several broken rule files: one line for all
            if message not in self.shown_errors:
                self.shown_errors.add(message)
                self.window_show_message(types.ShowMessageParams(
                    types.MessageType.Error,
                    f"teinei: 設定ファイルかルールに誤りがあるため、チェックを停止しています。{message}",
                ))
            return None

    def diagnostic(self, finding: Finding, placement: Placement, linter: Linter) -> types.Diagnostic:
        (line, column), (end_line, end_column) = placement.range(finding)
        message = "\n".join([finding.message, *(f"提案: {s}" for s in finding.suggestions)])
        key = (id(linter), finding.rule)
        if key not in self.rule_uris:  # asked of the file system once per rule, not at every keystroke
            self.rule_uris[key] = rule_file_uri(linter, finding.rule)
        href = self.rule_uris[key]
        return types.Diagnostic(
            range=types.Range(types.Position(line, column), types.Position(end_line, end_column)),
            message=message,
            severity=_SEVERITIES[finding.severity],
            source=SOURCE,
            code=finding.rule,
            code_description=types.CodeDescription(href=href) if href else None,
        )

    # ----------------------------------------------------------------------------------------- answers

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        checked = self.fresh(uri)
        if checked is None:
            return []
        document = self.workspace.get_text_document(uri)
        wanted = params.context.only
        actions: list[types.CodeAction] = []
        if not wanted or types.CodeActionKind.QuickFix in wanted:
            for finding, diagnostic in checked.diagnostics:
                if _overlaps(diagnostic.range, params.range):
                    action = self.quick_fix(uri, finding, diagnostic, checked)
                    if action is not None:
                        actions.append(action)
        if not wanted or any(str(kind).startswith(types.CodeActionKind.SourceFixAll) for kind in wanted):
            action = self.fix_all_action(uri, document.source, checked)
            if action is not None:
                actions.append(action)
        return actions

    def quick_fix(
        self, uri: str, finding: Finding, diagnostic: types.Diagnostic, checked: Checked
    ) -> types.CodeAction | None:
        where = checked.placement.fix_range(finding)
        if where is None or finding.fix is None:
            return None
        (line, column), (end_line, end_column) = where
        fix = finding.fix
        original = checked.placement.result._document.text[fix.start : fix.end]  # type: ignore[union-attr]
        edit = types.TextEdit(
            range=types.Range(types.Position(line, column), types.Position(end_line, end_column)),
            new_text=fix.replacement,
        )
        return types.CodeAction(
            title=f"teinei: {fix_title(original, fix)}",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            is_preferred=fix.applicability == "safe",
            edit=types.WorkspaceEdit(changes={uri: [edit]}),
        )

    def fix_all_action(self, uri: str, text: str, checked: Checked) -> types.CodeAction | None:
        if not any(f.fix is not None and f.fix.applicability == "safe" for f, _ in checked.diagnostics):
            return None
        fixed, count = fix_all(checked.linter, text, checked.path, self.today)
        if not count or fixed == text:
            return None
        start, end, replacement = smallest_edit(text, fixed)
        placement = checked.placement
        (line, column), (end_line, end_column) = placement.offset_position(start), placement.offset_position(end)
        edit = types.TextEdit(
            range=types.Range(types.Position(line, column), types.Position(end_line, end_column)),
            new_text=replacement,
        )
        return types.CodeAction(
            title=f"{FIX_ALL_TITLE}（{count} 件）",
            kind=types.CodeActionKind.SourceFixAll + "." + SOURCE,
            edit=types.WorkspaceEdit(changes={uri: [edit]}),
        )

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        from teinei.explain import explain_rule

        checked = self.fresh(params.text_document.uri)
        if checked is None:
            return None
        here = (params.position.line, params.position.character)
        shown: list[str] = []
        sections: list[str] = []
        for finding, diagnostic in checked.diagnostics:
            start = (diagnostic.range.start.line, diagnostic.range.start.character)
            end = (diagnostic.range.end.line, diagnostic.range.end.character)
            loaded = checked.linter.ruleset.rules.get(finding.rule)
            if not start <= here <= end or loaded is None or finding.rule in shown:
                continue
            shown.append(finding.rule)
            sections.append(f"**{finding.message}**\n\n```text\n{explain_rule(loaded)}\n```")
        if not sections:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections))
        )


def fix_title(original: str, fix: Fix) -> str:
    """What a quick fix does, in a line: safe ones simply 直す; an unsafe one asks to check the meaning; a
    display-only one is an example with a slot (〇〇) that the writer fills in after inserting it."""
    after = _short(fix.replacement)
    if fix.applicability == "display":
        fill = "〇〇 の部分を書き換えてください" if "〇〇" in fix.replacement else "内容を確かめてください"
        return f"書き換え例「{after}」を入れる（{fill}）"
    title = f"「{_short(original)}」を「{after}」に直す" if original else f"「{after}」を入れる"
    return title + ("（意味が変わらないか確認してください）" if fix.applicability == "unsafe" else "")


def _short(text: str, limit: int = 24) -> str:
    """A text on one line, cut with … past ``limit`` characters (a rewrite can be a whole message)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def rule_file_uri(linter: Linter, rule_id: str) -> str | None:
    """The rule's YAML file (its description, message and examples: what `teinei explain` shows) as a URI."""
    loaded = linter.ruleset.rules.get(rule_id)
    if loaded is None:
        return None
    path = Path(loaded.path)
    return path.resolve().as_uri() if path.is_file() else None


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return p.line, p.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def build_server(today: dt.date | None = None) -> TeineiLanguageServer:
    server = TeineiLanguageServer(today)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: TeineiLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: TeineiLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: TeineiLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        if Path(to_fs_path(params.text_document.uri) or "").name in CONFIG_NAMES:
            ls.reload_configuration()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: TeineiLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(types.INITIALIZED)
    def initialized(ls: TeineiLanguageServer, params: types.InitializedParams) -> None:
        ls.watch_configuration()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: TeineiLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(Path(to_fs_path(change.uri) or "").name in CONFIG_NAMES for change in params.changes):
            ls.reload_configuration()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll + "." + SOURCE]
        ),
    )
    def code_action(ls: TeineiLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: TeineiLanguageServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params)

    return server


def serve(today: dt.date | None = None) -> None:
    """Speak LSP over standard input and output until the editor says exit."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")  # to stderr: stdout carries the protocol
    wire = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print anywhere must not corrupt a message to the editor
    build_server(today).start_io(sys.stdin.buffer, wire)
