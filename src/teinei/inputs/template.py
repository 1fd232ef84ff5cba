"""Templates: placeholders become opaque nouns; template logic, Markdown code and front matter are skipped."""

from __future__ import annotations

import re

from teinei.document import Document, Region, RegionKind

# Each alternative is one placeholder syntax people write in mail templates.
PLACEHOLDER = re.compile(
    r"\{\{[^{}\n]{1,80}\}\}"  # {{ name }}, {{name|default}} (Jinja, Handlebars, Mustache)
    r"|\$\{[A-Za-z_][\w.]{0,60}\}"  # ${name}
    r"|%\([A-Za-z_]\w{0,60}\)[sd]"  # %(name)s
    r"|\{[A-Za-z_][\w.]{0,60}\}"  # {name}
    r"|[○〇◯●×✕✖Ｘ]{1,}(?=[日月年時分様社名])"  # ○日, ○月○日, ××様
    r"|[○〇◯×]{2,}"  # ○○, ××
    r"|【[^【】\n]{1,20}】(?=\s*(?:様|さま|御中|$))"  # 【会社名】様
)
# {% if %}…{% endif %} tags and {# comments #} are template logic, not text.
TEMPLATE_LOGIC = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
_FRONT_MATTER = re.compile(r"\A---\r?\n.*?\n---\r?\n", re.S)
_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)


def mark_template(document: Document) -> None:
    text = document.text
    logic = [Region(m.start(), m.end(), RegionKind.CODE) for m in TEMPLATE_LOGIC.finditer(text)]
    document.regions.extend(logic)
    for m in PLACEHOLDER.finditer(text):
        if not any(r.start <= m.start() < r.end for r in logic):
            document.regions.append(Region(m.start(), m.end(), RegionKind.PLACEHOLDER))


def mark_markdown(document: Document) -> None:
    text = document.text
    front = _FRONT_MATTER.match(text)
    if front:
        document.regions.append(Region(0, front.end(), RegionKind.CODE))
    document.regions.extend(Region(m.start(), m.end(), RegionKind.CODE) for m in _FENCE.finditer(text))
