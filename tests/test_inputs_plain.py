"""Plain text input: decoding files in Japanese encodings, quoted replies (every reply header form Japanese
mail clients write), signatures, and HTML bodies turned into text."""

from __future__ import annotations

import pytest

from teinei.document import RegionRole
from teinei.errors import InputError
from teinei.inputs import read_bytes, text_document
from teinei.inputs.html import html_to_text
from teinei.linter import Linter

from .conftest import TODAY

TEXT = "お世話になっております。\n完成までもうしばらくお待ちください。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # Windows Notepad's "Unicode"
        (TEXT.replace("\n", "\r\n").encode("cp932"), "cp932"),
        (TEXT.encode("euc_jp"), "euc_jp"),
        (TEXT.encode("iso2022_jp"), "iso2022_jp"),
    ],
)
def test_text_files_in_japanese_encodings(data: bytes, encoding: str) -> None:
    document = read_bytes(data, "message.txt")
    assert document.text.replace("\r\n", "\n") == TEXT
    assert document.encoding == encoding
    finding = Linter(select=["deadline/vague"], today=TODAY).lint_document(document).findings[0]
    assert (finding.line, finding.column, finding.end_column) == (2, 5, 11)


def _roles(text: str) -> list[tuple[str, str]]:
    document = text_document(text)
    return [(r.role.value, text[r.start : r.end]) for r in sorted(document.regions, key=lambda r: r.start)]


AUTHOR = "承知しました。明日お送りします。\n\n"


@pytest.mark.parametrize(
    "header",
    [
        "2026年11月19日(木) 18:02 佐藤花子 <sato@example.jp>:",  # Gmail
        "2026年11月19日（木） 18:02 佐藤花子 <sato@example.jp>:",  # full-width brackets
        "2026/11/19 18:02、佐藤花子 <sato@example.jp>のメール:",  # Apple Mail, iPhone
        "2026/11/19 18:02 に 佐藤花子 さんは書きました:",  # Thunderbird
        "On Thu, Nov 19, 2026 at 6:02 PM 佐藤花子 <sato@example.jp> wrote:",
        "On Thu, Nov 19, 2026 at 6:02 PM 佐藤花子 <\nsato@example.jp> wrote:",  # wrapped by the client
        "佐藤花子 <sato@example.jp> wrote:",
    ],
)
def test_reply_headers_followed_by_quoted_lines(header: str) -> None:
    text = AUTHOR + header + "\n> 資料とかもういいです。\n> 早く送れ。\n"
    assert _roles(text) == [
        ("quote", header),
        ("quote", "> 資料とかもういいです。"),
        ("quote", "> 早く送れ。"),
    ]
    document = text_document(text)
    assert "reply" in document.facts
    assert document.authored_text().strip() == AUTHOR.strip()


@pytest.mark.parametrize(
    "header",
    [
        "-----Original Message-----\nFrom: 佐藤花子\nSent: Thursday, November 19, 2026 6:02 PM",
        "----- 元のメッセージ -----\n差出人: 佐藤花子",
        "________________________________\n差出人: 佐藤花子 <sato@example.jp>\n送信日時: 2026年11月19日 18:02\n宛先: 山田",
        "差出人: 佐藤花子 <sato@example.jp>\n送信日時: 2026年11月19日 18:02\n件名: 原稿の送付",
        "From: 佐藤花子 <sato@example.jp>\nDate: 2026/11/19 18:02\nSubject: 原稿の送付",
        "差出人：佐藤花子\n件名：原稿の送付",  # full-width colons
        "-----ORIGINAL MESSAGE-----",  # capitals, and no colon anywhere in the text
    ],
)
def test_reply_header_then_unquoted_original_quotes_everything_after(header: str) -> None:
    original = header + "\n\n資料とかもういいです。\n早く送れ。\n"
    assert _roles(AUTHOR + original) == [("quote", original)]
    assert "reply" in text_document(AUTHOR + original).facts


def test_crlf_shift_jis_reply_with_signature() -> None:
    text = (
        "承知しました。\r\n完成までもうしばらくお待ちください。\r\n\r\n-- \r\n山田\r\n\r\n"
        "2026年11月19日(木) 18:02 佐藤花子 <sato@example.jp>:\r\n> 早く送れ。\r\n"
    )
    document = read_bytes(text.encode("cp932"), "reply.txt")
    assert [(r.role.value, text[r.start : r.end]) for r in sorted(document.regions, key=lambda r: r.start)] == [
        ("signature", "-- \r\n山田\r\n\r\n"),
        ("quote", "2026年11月19日(木) 18:02 佐藤花子 <sato@example.jp>:\r"),
        ("quote", "> 早く送れ。\r"),
    ]
    findings = Linter(select=["deadline/vague", "rudeness"], today=TODAY).lint_document(document).findings
    assert [(f.rule, f.line, f.column) for f in findings] == [("deadline/vague", 2, 5)]


def test_forwarded_message_is_context_but_not_a_reply() -> None:
    forward = "---------- Forwarded message ---------\nFrom: 佐藤花子\n\n早く送れ。\n"
    document = text_document("ご参考までに転送いたします。\n\n" + forward)
    assert document.facts == {"forward"}
    assert [r.role for r in document.regions] == [RegionRole.QUOTE]


def test_inline_reply_keeps_the_answers_between_quotes() -> None:
    text = (
        "山田です。\n\nOn Thu, Nov 19, 2026 at 6:02 PM Sato <sato@example.jp> wrote:\n"
        "> 1. 見積書はいつ届きますか。\n12月4日(金)にお送りします。\n> 2. 画像とかは?\nもうしばらくお待ちください。\n"
    )
    findings = Linter(select=["deadline/vague", "scope/vague"], today=TODAY).lint(text).findings
    assert [(f.rule, f.line, f.column) for f in findings] == [("deadline/vague", 7, 1)]


def test_memo_headers_at_the_top_are_the_authors_text() -> None:
    text = "To: 佐藤様\nFrom: 山田\n\n資料とか送ってください。\n"
    assert _roles(text) == []
    findings = Linter(select=["scope/vague"], today=TODAY).lint(text).findings
    assert [(f.line, f.column) for f in findings] == [(4, 3)]


def test_a_line_that_only_mentions_a_date_is_not_a_reply_header() -> None:
    assert _roles("2026年12月4日(金) 17:00 から打ち合わせです。\n会場: 本社3階 会議室A:\n") == []


SIGNATURES = {
    "delimiter": "-- \n山田 太郎\n株式会社テイネイ制作\n",
    "boxed": (
        "━━━━━━━━━━━━━━━━━━━━\n株式会社テイネイ制作　ウェブ制作部\n山田 太郎\n"
        "TEL: 03-1234-5678 / FAX: 03-1234-5679\nMail: yamada@teinei.example.jp\n━━━━━━━━━━━━━━━━━━━━\n"
    ),
    "stars": (
        "************************************\n 株式会社テイネイ制作 営業部\n 山田 太郎\n"
        " 〒100-0001 東京都千代田区千代田1-1\n ＴＥＬ：03-1234-5678\n************************************\n"
    ),
    "name above the box": "山田\n＝＝＝＝＝＝＝＝＝＝\n株式会社テイネイ制作\nyamada@teinei.example.jp\n＝＝＝＝＝＝＝＝＝＝\n",
    "plain block": "山田 太郎\n株式会社テイネイ制作 ウェブ制作部\nTEL: 03-1234-5678\nyamada@teinei.example.jp\n",
}


@pytest.mark.parametrize("name", list(SIGNATURES))
def test_signature_blocks_are_not_linted(name: str) -> None:
    closing = "引き続きよろしくお願いいたします。\n\n" if name != "name above the box" else "引き続きよろしくお願いいたします。\n"
    text = "お世話になっております。\n完成までもうしばらくお待ちください。\n" + closing + SIGNATURES[name]
    assert _roles(text) == [("signature", SIGNATURES[name])]


def test_closing_line_above_a_plain_signature_stays_authored() -> None:
    text = "資料をお送りします。\nよろしくお願いいたします。\n山田 太郎\nTEL: 03-1234-5678\n"
    assert _roles(text) == [("signature", "山田 太郎\nTEL: 03-1234-5678\n")]


def test_a_box_in_the_middle_of_a_message_is_not_a_signature() -> None:
    box = "━━━━━━━━━━━━\n■ 日時：12月4日(金) 15:00\n■ 場所：本社3階\n■ URL: https://example.jp/meet\n━━━━━━━━━━━━\n"
    text = "下記のとおりご案内いたします。\n\n" + box + "\nご出席のほど、よろしくお願いいたします。\n"
    assert _roles(text) == []
    findings = Linter(profile="external", today=TODAY).lint(text).findings
    assert "curt/one-line" not in [f.rule for f in findings]  # the closing line after the box is still read


def test_quoted_and_signature_lines_never_produce_findings() -> None:
    bad = "資料とかもういいです。早く送れ。お前の会社は何なんだ。了解です。もうしばらくお待ちください。"
    text = (
        "佐藤様\n\nいつもお世話になっております。\n原稿をお送りいただき、ありがとうございます。\n"
        "12月4日(金)17時までに初稿をお送りいたします。\n\nよろしくお願いいたします。\n\n"
        f"━━━━━━━━━━━━\n株式会社テイネイ制作\n{bad}\nTEL: 03-1234-5678\n━━━━━━━━━━━━\n\n"
        f"2026年11月19日(木) 18:02 佐藤花子 <sato@example.jp>:\n> {bad}\n> {bad}\n"
    )
    linter = Linter(profile="external", today=TODAY)
    assert linter.lint(text.replace(bad, "株式会社テイネイ制作")).findings == []
    assert linter.lint(text).findings == []


def test_html_body_to_text_the_way_a_mail_client_shows_it() -> None:
    html = (
        "<html><head><title>x</title><style>div{margin:0}</style></head><body>"
        "<div>佐藤様</div><div><br></div><div>いつもお世話に\n  なっております。</div>"
        "<p>見積書を<b>お送り</b>します。&nbsp;Web版は<a href='#'>こちら</a>です。</p>"
        "<table><tr><td>品目</td><td>金額</td></tr></table>"
        "<blockquote><div>早く送れ。</div><blockquote>引用の引用</blockquote></blockquote></body></html>"
    )
    assert html_to_text(html) == (
        "佐藤様\n\nいつもお世話になっております。\n見積書をお送りします。 Web版はこちらです。\n品目　金額\n"
        "> 早く送れ。\n> > 引用の引用\n"
    )


def test_undecodable_and_binary_bytes_are_input_errors() -> None:
    with pytest.raises(InputError, match=r"^a\.txt: 文字コードを判別できません（UTF-8・Shift_JIS・EUC-JP・ISO-2022-JP のどれでも読めません。3 バイト目が 0x81）$"):
        read_bytes("進".encode() + b"\x81\x7f\xff", "a.txt")
    with pytest.raises(InputError, match=r"^b\.txt: テキストではありません（NUL バイトを含むバイナリです）$"):
        read_bytes(b"PK\x03\x04\x00\x00", "b.txt")
