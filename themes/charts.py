"""Accessible bar charts, built on the server: a Plotly figure for the web, our
own static SVG for PDFs, print and pages without JavaScript, and the same
figures as a data table.

Nothing is told by colour alone: each series has an Okabe-Ito colour that
stands out from the background (3:1 or more), a pattern of its own, and every
bar carries its value as words. A suppressed value (None) has no bar, only
its label ("fewer than 5"). Text in the SVG uses the page's text colour
(currentColor), so it follows the display modes; the site's stylesheet swaps
the bar colours for a set that stands out on black in high contrast.

This module is presentation only: it knows nothing of inquiries or votes.
The domain builds BarChart objects (consult/charts.py) and templates show
them with ``{% load charts %}{% chart chart_object id="some-id" %}``.
"""

from __future__ import annotations

import hashlib
import json
import math
import textwrap
from dataclasses import dataclass
from html import escape
from typing import Any

import plotly.graph_objects as go
from django.utils.safestring import mark_safe

# Okabe-Ito colours (Okabe and Ito, "Color Universal Design", 2008), in an
# order where each one has at least 3:1 contrast with the page background:
# on white for the standard modes, on black for high contrast.
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000")
HIGH_CONTRAST_PALETTE: tuple[str, ...] = (
    "#56B4E9",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#F0E442",
)
BACKGROUND = "#ffffff"
HIGH_CONTRAST_BACKGROUND = "#000000"
TEXT = "#1b1b1f"  # site.css --color-text: the SVG's colour outside the site
# Plotly's pattern shapes; the first series is solid. Repeated colours (a sixth
# series) still differ by pattern.
PATTERNS: tuple[str, ...] = ("", "/", ".", "x", "\\", "+", "-", "|")
CURRENCY = ("£", "$", "€")
FONT_FAMILY = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"Noto Sans", "Liberation Sans", sans-serif'
)

# The SVG's layout, in its own units (1 unit = 1px at full size).
WIDTH = 720
FONT = 16
LINE = 20
BAR = 24
BAR_GAP = 4
GROUP_GAP = 16
CHAR = 8.6  # a generous average character width at 16px, for wrapping
LABEL_CHARS = int((WIDTH - 8) / CHAR)
PLOTLY_LABEL_CHARS = 28


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours (1 to 21)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def series_style(index: int) -> tuple[str, str, str]:
    """A series' colour, high-contrast colour and pattern shape."""
    return (
        PALETTE[index % len(PALETTE)],
        HIGH_CONTRAST_PALETTE[index % len(HIGH_CONTRAST_PALETTE)],
        PATTERNS[index % len(PATTERNS)],
    )


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # None = hidden (suppressed) value


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one bar per category and series."""

    title: str
    summary: str  # one sentence, plain English, what the chart shows
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""  # e.g. "votes", "£", "%"
    value_format: str = "{:,.0f}"
    hidden_label: str = "fewer than 5"  # shown instead of a suppressed value

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValueError("A chart needs a title.")
        if not self.summary.strip():
            raise ValueError(
                "A chart needs a one-sentence summary of what it shows, for "
                "people who cannot see it."
            )
        if not self.categories:
            raise ValueError("A chart needs at least one category.")
        if not self.series:
            raise ValueError("A chart needs at least one series.")
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(
                    f"Series {s.name!r} has {len(s.values)} values for "
                    f"{len(self.categories)} categories."
                )
            for v in s.values:
                if v is not None and (not math.isfinite(v) or v < 0):
                    raise ValueError(
                        f"Series {s.name!r}: bars show amounts of 0 or more, not {v!r}."
                    )
        self.value_format.format(0)  # fails now, not when the page renders

    # Words

    def label(self, value: float | None) -> str:
        """A value as the bar's label and the table's cell: "12 votes",
        "£1,200", "45%", or the hidden label."""
        if value is None:
            return self.hidden_label
        number = self.value_format.format(value)
        unit = self.unit.strip()
        if not unit:
            return number
        if unit[0] in CURRENCY:
            rest = unit[1:].strip()
            return f"{unit[0]}{number}{' ' + rest if rest else ''}"
        if unit == "%":
            return f"{number}%"
        if value == 1 and unit.endswith("s") and " " not in unit:
            unit = unit[:-1]  # "1 vote", "1 point", not "1 votes"
        return f"{number} {unit}"

    @property
    def has_figures(self) -> bool:
        return any(v is not None for s in self.series for v in s.values)

    @property
    def empty_message(self) -> str:
        return f"No figures to show: every group has {self.hidden_label} people."

    @property
    def most(self) -> float:
        return max(
            (v for s in self.series for v in s.values if v is not None), default=0.0
        )

    def description(self) -> str:
        """The summary and every figure in words: the SVG's <desc>."""
        if not self.has_figures:
            return f"{self.summary} {self.empty_message}"
        parts = []
        for i, category in enumerate(self.categories):
            if len(self.series) == 1:
                parts.append(f"{category}: {self.label(self.series[0].values[i])}")
            else:
                values = ", ".join(
                    f"{s.name} {self.label(s.values[i])}" for s in self.series
                )
                parts.append(f"{category}: {values}")
        return f"{self.summary} " + "; ".join(parts) + "."

    def table(self) -> dict:
        """The figures as a data table: a row per category, a column per
        series. The top-left cell is empty (templates render it as <td>)."""
        caption = self.title
        if not self.has_figures:
            caption = f"{self.title}. {self.empty_message}"
        return {
            "caption": caption,
            "head": ["", *[s.name for s in self.series]],
            "rows": [
                [category, *[self.label(s.values[i]) for s in self.series]]
                for i, category in enumerate(self.categories)
            ],
        }

    # Plotly

    def figure(self) -> dict:
        """The chart as a Plotly figure, checked by plotly.graph_objects and
        returned as JSON-safe data for json_script and charts.js."""
        wrapped = [_plotly_text(c) for c in self.categories]
        traces = []
        for index, s in enumerate(self.series):
            colour, _, shape = series_style(index)
            traces.append(
                go.Bar(
                    name=_plotly_text(s.name, wrap=False),
                    orientation="h",
                    y=wrapped,
                    x=[0 if v is None else v for v in s.values],
                    text=[_plotly_text(self.label(v), wrap=False) for v in s.values],
                    textposition="outside",
                    cliponaxis=False,
                    textfont={"color": TEXT},
                    hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",
                    marker={
                        "color": colour,
                        "line": {"color": TEXT, "width": 1},
                        "pattern": {
                            "shape": shape,
                            "fgcolor": BACKGROUND,
                            "bgcolor": colour,
                            "fillmode": "replace",
                            "size": 8,
                            "solidity": 0.3,
                        },
                    },
                )
            )
        bars = len(self.categories) * len(self.series)
        lines = sum(max(1, c.count("<br>") + 1) for c in wrapped)
        height = 80 + max(bars * 40, lines * 26) + (40 if len(self.series) > 1 else 0)
        most = self.most or 1
        # Room on the right for the longest value label, at 16px; charts.js
        # scales it with the page's font size.
        longest = max(len(self.label(v)) for s in self.series for v in s.values)
        layout = go.Layout(
            template=go.layout.Template(),
            barmode="group",
            height=height,
            margin={
                "l": 10,
                "r": 16 + round(longest * CHAR),
                "t": 40 if len(self.series) > 1 else 10,
                "b": 40,
            },
            paper_bgcolor="rgba(0,0,0,0)",
            plot_bgcolor="rgba(0,0,0,0)",
            font={"family": FONT_FAMILY, "color": TEXT, "size": 16},
            showlegend=len(self.series) > 1,
            legend={
                "orientation": "h",
                "x": 0,
                "y": 1,
                "yanchor": "bottom",
                "traceorder": "normal",
            },
            dragmode=False,
            hovermode="closest",
            xaxis={
                "range": [0, most * 1.02],
                "fixedrange": True,
                "showgrid": True,
                "gridcolor": "#b1b4b6",
                "zeroline": True,
                "zerolinecolor": TEXT,
                "automargin": True,
                **_axis_unit(self.unit),
            },
            yaxis={
                "autorange": "reversed",
                "fixedrange": True,
                "automargin": True,
                "ticklabelstandoff": 8,
            },
            meta={
                "highContrast": {
                    "colours": [series_style(i)[1] for i in range(len(self.series))],
                    "background": HIGH_CONTRAST_BACKGROUND,
                },
            },
        )
        figure = go.Figure(data=traces, layout=layout)
        return json.loads(figure.to_json())

    # SVG

    def svg(self) -> str:
        """A static, accessible SVG: role="img" with <title> and <desc>, every
        value written beside its bar, text in currentColor."""
        key = hashlib.sha1(  # ids for patterns, not security
            repr((self.title, self.categories, self.series)).encode(),
            usedforsecurity=False,
        ).hexdigest()[:8]
        parts: list[str] = []
        defs: list[str] = []
        y = 8
        legend: list[str] = []
        many = len(self.series) > 1
        for index in range(len(self.series)):
            defs.append(_pattern(key, index))
        if many and self.has_figures:
            x = 0
            for index, s in enumerate(self.series):
                width = 28 + len(s.name) * CHAR + 24
                if x and x + width > WIDTH:
                    x = 0
                    y += LINE + 8
                legend.append(
                    f'<rect class="{_bar_class(index)}" x="{x}" y="{y}" '
                    f'width="20" height="{LINE - 4}" '
                    f'{_fill(key, index)} stroke="currentColor" stroke-width="1"/>'
                    f'<text x="{x + 28}" y="{y + LINE - 6}" fill="currentColor">'
                    f"{escape(s.name)}</text>"
                )
                x += width
            y += LINE + 16
            parts.append(f'<g class="chart-legend">{"".join(legend)}</g>')
        if not self.has_figures:
            for line in textwrap.wrap(self.empty_message, LABEL_CHARS):
                y += LINE
                parts.append(
                    f'<text x="0" y="{y}" fill="currentColor" font-weight="700">'
                    f"{escape(line)}</text>"
                )
            y += 12
        else:
            longest = max(len(self.label(v)) for s in self.series for v in s.values)
            track = max(WIDTH * 0.4, WIDTH - 16 - longest * CHAR)
            most = self.most
            for i, category in enumerate(self.categories):
                for line in textwrap.wrap(category, LABEL_CHARS) or [""]:
                    y += LINE
                    parts.append(
                        f'<text x="0" y="{y - 5}" fill="currentColor" '
                        f'font-weight="700">{escape(line)}</text>'
                    )
                y += 4
                top = y
                for index, s in enumerate(self.series):
                    value = s.values[i]
                    width = 0.0 if not value or not most else value / most * track
                    if width:
                        parts.append(
                            f'<rect class="{_bar_class(index)}" x="1" '
                            f'y="{y}" width="{width:.1f}" height="{BAR}" '
                            f'{_fill(key, index)} stroke="currentColor" '
                            'stroke-width="1"/>'
                        )
                    parts.append(
                        f'<text class="chart-value" x="{width + 8:.1f}" '
                        f'y="{y + BAR - 7}" fill="currentColor">'
                        f"{escape(self.label(value))}</text>"
                    )
                    y += BAR + BAR_GAP
                # The axis beside each group's bars: where every bar starts,
                # so a zero reads as zero.
                parts.append(
                    f'<line x1="0.5" y1="{top - 2}" x2="0.5" y2="{y - BAR_GAP + 2}" '
                    'stroke="currentColor" stroke-width="1"/>'
                )
                y += GROUP_GAP - BAR_GAP
        height = y
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" '
            f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            f'role="img" color="{TEXT}" font-family="{escape(FONT_FAMILY)}" '
            f'font-size="{FONT}">'
            f"<title>{escape(self.title)}</title>"
            f"<desc>{escape(self.description())}</desc>"
            f"<defs>{''.join(defs)}</defs>"
            f"{''.join(parts)}</svg>"
        )


def _plotly_text(text: str, *, wrap: bool = True) -> str:
    """Text for Plotly, which reads a little HTML: escape it, then break long
    category labels with <br> so they wrap."""
    if not wrap:
        return escape(text, quote=False)
    lines = textwrap.wrap(text, PLOTLY_LABEL_CHARS) or [""]
    return "<br>".join(escape(line, quote=False) for line in lines)


def _axis_unit(unit: str) -> dict[str, Any]:
    unit = unit.strip()
    if not unit:
        return {}
    if unit[0] in CURRENCY:
        rest = unit[1:].strip()
        return {"tickprefix": unit[0], **({"ticksuffix": f" {rest}"} if rest else {})}
    if unit == "%":
        return {"ticksuffix": "%"}
    return {"title": {"text": escape(unit, quote=False)}}


def _bar_class(index: int) -> str:
    """Solid bars take their colour from CSS in high contrast; patterned
    ones from their pattern, whose colour CSS changes instead."""
    _, _, shape = series_style(index)
    return "chart-bar" if shape else f"chart-bar chart-series-{index % len(PALETTE)}"


def _fill(key: str, index: int) -> str:
    colour, _, shape = series_style(index)
    if not shape:
        return f'fill="{colour}"'
    return f'fill="url(#chart-{key}-p{index})"'


def _pattern(key: str, index: int) -> str:
    """A series' pattern: its colour with lines or dots in the background
    colour, drawn 8 units apart."""
    colour, _, shape = series_style(index)
    if not shape:
        return ""
    marks = {
        "/": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4"/>',
        "\\": '<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4"/>',
        "x": '<path d="M0,0 l8,8 M8,0 l-8,8"/>',
        "-": '<path d="M0,4 h8"/>',
        "|": '<path d="M4,0 v8"/>',
        "+": '<path d="M0,4 h8 M4,0 v8"/>',
        ".": '<circle cx="4" cy="4" r="1.6" stroke="none" class="chart-pattern-dot"'
        f' fill="{BACKGROUND}"/>',
    }[shape]
    return (
        f'<pattern id="chart-{key}-p{index}" width="8" height="8" '
        'patternUnits="userSpaceOnUse">'
        f'<rect class="chart-series-{index % len(PALETTE)}" width="8" height="8" '
        f'fill="{colour}"/>'
        f'<g class="chart-pattern" stroke="{BACKGROUND}" stroke-width="2">{marks}</g>'
        "</pattern>"
    )


def chart_context(chart: BarChart, chart_id: str) -> dict[str, Any]:
    """What components/chart.html needs."""
    return {
        "chart": chart,
        "chart_id": chart_id,
        # Safe: svg() escapes every piece of text it writes.
        "svg": mark_safe(chart.svg()),  # noqa: S308
        "table": chart.table(),
        "figure": chart.figure(),
    }
