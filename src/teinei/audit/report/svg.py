"""Charts as inline SVG (no script, no chart library, no network): the HTML report opens offline anywhere."""

from __future__ import annotations

from html import escape

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
           "#bcbd22")
BAR = "#3b6ea8"
_FONT = 'font-size="12"'  # the page's font (a Japanese one) applies


def _number(value: float) -> str:
    return f"{value:,.1f}" if value % 1 else f"{value:,.0f}"


def bars(title: str, items: list[tuple[str, float]], unit: str) -> str:
    """A horizontal bar chart: one labelled bar per item, its value at its end."""
    label_width, bar_width, row = 260, 420, 22
    height = row * len(items) + 10
    top = max((v for _, v in items), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_width + bar_width + 80}" '
        f'height="{height}" {_FONT}><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(items):
        y = 5 + i * row
        width = max(1.0, bar_width * value / top) if value else 0
        shown = label if len(label) <= 38 else label[:37] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{escape(shown)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{width:.1f}" height="{row - 6}" fill="{BAR}">'
            f"<title>{escape(label)}: {_number(value)} {escape(unit)}</title></rect>"
            f'<text x="{label_width + width + 4:.1f}" y="{y + 15}">{_number(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def lines(title: str, labels: list[str], series: dict[str, list[float]], unit: str) -> str:
    """A line chart: x the labels (months), one coloured line per series, with a legend."""
    left, right, top, plot_height, bottom = 50, 170, 10, 220, 40
    step = 60 if len(labels) <= 12 else max(12, 720 // max(1, len(labels)))
    plot_width = max(step * max(1, len(labels) - 1), 120)
    width, height = left + plot_width + right, top + plot_height + bottom
    peak = max((v for values in series.values() for v in values), default=0) or 1

    def x(i: int) -> float:
        return left + (plot_width * i / (len(labels) - 1) if len(labels) > 1 else plot_width / 2)

    def y(v: float) -> float:
        return top + plot_height * (1 - v / peak)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" {_FONT}>'
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top + plot_height}" x2="{left + plot_width}" y2="{top + plot_height}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_height}" stroke="#999"/>',
    ]
    for fraction in (0, 0.5, 1):
        value = peak * fraction
        parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{_number(value)}</text>')
    every = max(1, len(labels) // 12)
    for i, label in enumerate(labels):
        if i % every == 0:
            label_y = top + plot_height + 18
            parts.append(f'<text x="{x(i):.1f}" y="{label_y}" text-anchor="middle">{escape(label)}</text>')
    for n, (name, values) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, v in enumerate(values):
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                f"<title>{escape(name)} {escape(labels[i])}: {_number(v)} {escape(unit)}</title></circle>"
            )
        legend_y = top + 14 + n * 18
        parts.append(
            f'<rect x="{left + plot_width + 16}" y="{legend_y - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{left + plot_width + 34}" y="{legend_y}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
