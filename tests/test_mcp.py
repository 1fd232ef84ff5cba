"""`teinei mcp`: the server started as a subprocess and spoken to over stdio by the MCP SDK's client session."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

pytest.importorskip("mcp")
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from .conftest import CACHE_HOME, TODAY

WAIT = 60  # seconds: the first call loads the rules and the tagger


@asynccontextmanager
async def assistant(cwd: Path) -> AsyncIterator[ClientSession]:
    env = {**os.environ, "XDG_CACHE_HOME": str(CACHE_HOME), "TEINEI_DATE": TODAY.isoformat()}
    server = StdioServerParameters(command=sys.executable, args=["-m", "teinei", "mcp"], env=env, cwd=cwd)
    log = cwd / "server-stderr.log"  # shown when a test fails: why the server stopped answering
    try:
        with open(log, "w") as errors:
            async with stdio_client(server, errlog=errors) as (read, write), ClientSession(read, write) as session:
                await asyncio.wait_for(session.initialize(), WAIT)
                yield session
    except BaseException:
        sys.stderr.write(log.read_text(errors="replace"))
        raise


def run(coroutine) -> object:
    return asyncio.run(coroutine)


async def call(session: ClientSession, name: str, arguments: dict) -> object:
    return await asyncio.wait_for(session.call_tool(name, arguments), WAIT)


def test_the_four_tools_are_listed_with_schemas_from_the_models(tmp_path: Path) -> None:
    from teinei.mcp_server import CheckResult, FixResult

    async def scenario() -> None:
        async with assistant(tmp_path) as session:
            tools = {t.name: t for t in (await session.list_tools()).tools}
            assert sorted(tools) == ["check_message", "explain_rule", "fix_message", "list_rules"]
            check = tools["check_message"].input_schema
            assert check["required"] == ["text"]
            assert set(check["properties"]) == {"text", "subject", "profile", "date"}
            assert check["properties"]["profile"]["anyOf"][0]["enum"] == ["external", "internal", "chat"]
            assert tools["fix_message"].input_schema["properties"]["unsafe"]["type"] == "boolean"
            assert tools["explain_rule"].input_schema["required"] == ["rule_id"]
            assert tools["check_message"].output_schema == CheckResult.model_json_schema()
            assert tools["fix_message"].output_schema == FixResult.model_json_schema()

    run(scenario())


def test_a_reported_finding_has_exactly_the_fields_of_the_json_output() -> None:
    from teinei.mcp_server import ReportedFinding
    from teinei.report.json import _FINDING_FIELDS

    assert set(ReportedFinding.model_fields) == _FINDING_FIELDS


def test_check_message_gives_the_json_outputs_findings(tmp_path: Path) -> None:
    from teinei.linter import Linter
    from teinei.report import json as json_report

    draft = "進捗を教えてください。"
    expected = json_report.document([Linter(today=TODAY).lint(draft)])

    async def scenario() -> None:
        async with assistant(tmp_path) as session:
            result = await call(session, "check_message", {"text": draft})
            assert not result.is_error
            found = result.structured_content
            assert found["findings"] == expected["files"][0]["findings"]
            assert found["summary"] == {k: expected["summary"][k] for k in ("findings", "by_severity")}
            one_line = next(f for f in found["findings"] if f["rule"] == "curt/one-line")
            assert (one_line["line"], one_line["column"], one_line["end_line"], one_line["end_column"]) == (1, 1, 1, 12)
            assert one_line["severity"] == "warning" and one_line["part"] == "body"
            assert one_line["suggestions"]

    run(scenario())


def test_check_message_reads_subject_profile_and_date(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with assistant(tmp_path) as session:
            mail = "いつもお世話になっております。\n資料をお送りします。\n金曜日までにご確認ください。\nよろしくお願いいたします。"
            found = (await call(session, "check_message", {"text": mail, "subject": "ご確認"})).structured_content
            subject = [f for f in found["findings"] if f["part"] == "subject"]
            assert [f["rule"] for f in subject] == ["clarity/vague-subject"]
            chat = (await call(session, "check_message", {"text": "進捗を教えてください。", "profile": "chat"})).structured_content
            assert "curt/one-line" not in {f["rule"] for f in chat["findings"]}
            text = "12月4日までにご返信いただけますと幸いです。"
            dated = {
                day: {f["rule"] for f in (await call(session, "check_message", {"text": text, "date": day})).structured_content["findings"]}
                for day in ("2026-11-20", "2026-12-10")
            }
            assert "deadline/past-date" not in dated["2026-11-20"]
            assert "deadline/past-date" in dated["2026-12-10"]

    run(scenario())


def test_fix_message_returns_the_fixed_text_and_what_was_applied(tmp_path: Path) -> None:
    from teinei.linter import Linter

    async def scenario() -> None:
        async with assistant(tmp_path) as session:
            result = await call(session, "fix_message", {"text": "お世話様です。\n先日の件、了解しました。"})
            assert not result.is_error
            fixed = result.structured_content
            assert fixed["text"] == "お世話になっております。\n先日の件、承知しました。"
            assert fixed["changed"] is True
            assert [(a["rule"], a["before"], a["after"], a["applicability"]) for a in fixed["applied"]] == [
                ("keigo/osewasama", "お世話様です", "お世話になっております", "safe"),
                ("keigo/ryokai", "了解しました", "承知しました", "safe"),
            ]
            assert not {"keigo/osewasama", "keigo/ryokai"} & {f["rule"] for f in fixed["remaining"]}
            draft = "進捗を教えてください。"
            unsafe = (await call(session, "fix_message", {"text": draft, "unsafe": True})).structured_content
            assert unsafe["text"] == Linter(today=TODAY).fix(draft, unsafe=True)[0]
            assert "display" not in {a["applicability"] for a in unsafe["applied"]}  # never applied
            clean = (await call(session, "fix_message", {"text": "承知しました。"})).structured_content
            assert clean["text"] == "承知しました。" and clean["changed"] is False and clean["applied"] == []

    run(scenario())


def test_explain_rule_and_list_rules_say_what_explain_and_rules_say(tmp_path: Path) -> None:
    from teinei.explain import explain_rule
    from teinei.ruleset.load import read_rules

    rules = read_rules().rules
    why = explain_rule(rules["keigo/ryokai"]).rsplit("\n定義:", 1)[0]  # the file is named relative to the folder

    async def scenario() -> None:
        async with assistant(tmp_path) as session:
            explained = (await call(session, "explain_rule", {"rule_id": "keigo/ryokai"})).structured_content
            assert explained["rule"] == "keigo/ryokai" and explained["fixable"] == "safe"
            assert explained["explanation"].startswith(why)
            listed = (await call(session, "list_rules", {})).structured_content["rules"]
            assert [r["rule"] for r in listed] == list(rules)
            assert next(r for r in listed if r["rule"] == "keigo/ryokai")["severity"] == "warning"

    run(scenario())


BAD_ARGUMENTS = [
    ("check_message", {}, "check_message の引数が正しくありません: text を指定してください"),
    ("check_message", {"text": 3}, "check_message の引数が正しくありません: text は文字列で指定してください"),
    ("check_message", {"text": "了解しました。", "profile": "public"}, "profile は 'external', 'internal' or 'chat' のいずれかです"),
    ("check_message", {"text": "了解しました。", "date": "2026-13-01"}, "date「2026-13-01」は日付として読めません。"),
    ("check_message", {"text": " \n"}, "text が空です。確認するメッセージの本文を渡してください。"),
    ("fix_message", {"text": "了解しました。", "unsafe": "maybe"}, "unsafe は true か false で指定してください"),
    ("explain_rule", {"rule_id": "keigo/ryoka"}, "ルール「keigo/ryoka」はありません。「keigo/ryokai」のことでしょうか。"),
]


def test_a_bad_argument_is_a_tool_error_of_one_line_and_the_server_goes_on(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with assistant(tmp_path) as session:
            for tool, arguments, message in BAD_ARGUMENTS:
                result = await call(session, tool, arguments)
                assert result.is_error, (tool, arguments)
                [content] = result.content
                assert message in content.text
                assert "\n" not in content.text
            assert not (await call(session, "check_message", {"text": "承知しました。"})).is_error

    run(scenario())


def test_a_broken_configuration_is_a_tool_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "teinei.toml").write_text('profile = "public"\n', encoding="utf-8")

    async def scenario() -> None:
        async with assistant(tmp_path) as session:
            result = await call(session, "check_message", {"text": "了解しました。"})
            assert result.is_error
            assert "設定ファイルかルールに誤りがあります: teinei.toml: profile:" in result.content[0].text
            assert "\n" not in result.content[0].text

    run(scenario())
