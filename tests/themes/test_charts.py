"""Accessible bar charts (themes/charts.py): the Plotly figure, the static SVG,
the data table, the template component and the plotly.js static finder."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import plotly.graph_objects as go
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import Context, Template

from themes.charts import (
    HIGH_CONTRAST_BACKGROUND,
    HIGH_CONTRAST_PALETTE,
    PALETTE,
    PATTERNS,
    TEXT,
    BarChart,
    Series,
    contrast_ratio,
)
from themes.staticfinders import PATH

SVG = "{http://www.w3.org/2000/svg}"
SITE_CSS = Path(settings.BASE_DIR) / "themes/static/themes/css/site.css"


def votes(**kwargs: object) -> BarChart:
    defaults: dict[str, object] = {
        "title": "Votes for each change",
        "summary": "The bars show how many people chose each change.",
        "categories": ("1. More say in my support", "2. Help for carers"),
        "series": (Series("Votes", (12.0, 7.0)),),
        "unit": "votes",
    }
    return BarChart(**{**defaults, **kwargs})  # type: ignore[arg-type]


def two_groups(**kwargs: object) -> BarChart:
    return votes(
        series=(Series("Online", (12.0, 0.0)), Series("Paper", (None, 5.0))),
        **kwargs,
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


# The Plotly figure


def test_figure_is_a_valid_plotly_figure_of_horizontal_bars():
    figure = two_groups().figure()
    go.Figure(figure)  # validates every attribute, or raises
    assert [t["type"] for t in figure["data"]] == ["bar", "bar"]
    assert {t["orientation"] for t in figure["data"]} == {"h"}
    assert figure["data"][0]["text"] == ["12 votes", "0 votes"]
    assert figure["data"][1]["text"] == ["fewer than 5", "5 votes"]
    assert figure["layout"]["showlegend"] is True


def test_figure_gives_each_series_its_own_colour_and_pattern():
    chart = votes(series=tuple(Series(f"Group {i}", (1.0, 2.0)) for i in range(8)))
    markers = [t["marker"] for t in chart.figure()["data"]]
    assert [m["pattern"].get("shape", "") for m in markers] == list(PATTERNS)
    assert [m["color"] for m in markers[:5]] == list(PALETTE)
    # Every bar has an outline in the text colour, whatever its fill.
    assert {m["line"]["color"] for m in markers} == {TEXT}


def test_figure_escapes_text_and_wraps_long_labels():
    label = "<script>alert(1)</script> a change with a long name " * 2
    chart = votes(categories=(label, "2."), series=(Series("<b>", (1.0, 2.0)),))
    figure = chart.figure()
    raw = str(figure)
    assert "<script>" not in raw and "<b>" not in raw
    assert "&lt;script&gt;" in figure["data"][0]["y"][0]
    assert "<br>" in figure["data"][0]["y"][0]


# Colours


@pytest.mark.parametrize("colour", PALETTE)
def test_standard_bars_stand_out_from_a_white_page(colour):
    assert contrast_ratio(colour, "#ffffff") >= 3


@pytest.mark.parametrize("colour", HIGH_CONTRAST_PALETTE)
def test_high_contrast_bars_stand_out_from_black(colour):
    assert contrast_ratio(colour, HIGH_CONTRAST_BACKGROUND) >= 3


def test_chart_text_is_readable_on_white():
    assert contrast_ratio(TEXT, "#ffffff") >= 4.5


def test_palettes_are_okabe_ito_colours():
    okabe_ito = {
        "#000000",
        "#E69F00",
        "#56B4E9",
        "#009E73",
        "#F0E442",
        "#0072B2",
        "#D55E00",
        "#CC79A7",
    }
    assert set(PALETTE) <= okabe_ito and set(HIGH_CONTRAST_PALETTE) <= okabe_ito


def test_stylesheet_swaps_in_the_high_contrast_colours():
    css = SITE_CSS.read_text()
    for index, colour in enumerate(HIGH_CONTRAST_PALETTE):
        assert (
            f".mode-high-contrast .chart__svg .chart-series-{index} "
            f"{{ fill: {colour}; }}" in css
        )


# The SVG


def test_svg_is_an_image_with_a_title_and_a_description():
    root = parse(votes().svg())
    assert root.get("role") == "img"
    assert root[0].tag == f"{SVG}title" and root[0].text == "Votes for each change"
    assert root[1].tag == f"{SVG}desc"
    assert root[1].text == (
        "The bars show how many people chose each change. "
        "1. More say in my support: 12 votes; 2. Help for carers: 7 votes."
    )


def test_svg_writes_every_value_beside_its_bar_in_the_text_colour():
    root = parse(two_groups().svg())
    assert {"12 votes", "0 votes", "fewer than 5", "5 votes"} <= set(texts(root))
    assert {t.get("fill") for t in root.iter(f"{SVG}text")} == {"currentColor"}
    assert root.get("color") == TEXT  # outside the site; CSS overrides it


def test_svg_draws_no_bar_for_zero_or_hidden_values():
    root = parse(two_groups().svg())
    bars = [r for r in root.iter(f"{SVG}rect") if "chart-bar" in r.get("class", "")]
    # A legend swatch per series, then bars for 12 (online) and 5 (paper) only.
    assert len(bars) == 2 + 2
    widths = [float(r.get("width", 0)) for r in bars[2:]]
    assert widths[0] > widths[1] > 0


def test_svg_patterns_tell_series_apart_without_colour():
    svg = two_groups().svg()
    root = parse(svg)
    patterns = list(root.iter(f"{SVG}pattern"))
    assert len(patterns) == 1  # the first series is solid, the second hatched
    assert f'fill="url(#{patterns[0].get("id")})"' in svg
    assert "Online" in texts(root) and "Paper" in texts(root)  # the legend


def test_svg_escapes_every_text():
    chart = votes(
        title="<script>alert('t')</script>",
        summary="Sum & <b>mary</b>.",
        categories=("<script>alert(1)</script>", "A & B"),
        series=(Series('"><svg onload=x>', (1.0, 2.0)), Series("b", (1.0, 2.0))),
    )
    svg = chart.svg()
    assert "<script>" not in svg and "<svg onload" not in svg and "<b>" not in svg
    root = parse(svg)  # still well-formed XML
    assert root[0].text == "<script>alert('t')</script>"
    assert "<script>alert(1)</script>" in texts(root)
    assert '"><svg onload=x>' in texts(root)


def test_svg_wraps_long_category_labels():
    long = "Support that fits my life, planned with me and the people I choose " * 3
    root = parse(votes(categories=(long, "Short")).svg())
    lines = [t for t in texts(root) if t and t in long]
    assert len(lines) >= 3
    assert all(len(line) <= 84 for line in lines)


def test_one_category_and_one_series_is_a_single_labelled_bar():
    chart = votes(categories=("Only change",), series=(Series("Votes", (3.0,)),))
    root = parse(chart.svg())
    assert "Only change" in texts(root) and "3 votes" in texts(root)
    assert chart.table()["rows"] == [["Only change", "3 votes"]]
    go.Figure(chart.figure())


def test_all_zero_values_show_zero_labels_and_no_bars():
    chart = votes(series=(Series("Votes", (0.0, 0.0)),))
    root = parse(chart.svg())
    assert texts(root).count("0 votes") == 2
    assert not [r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart-bar"]
    go.Figure(chart.figure())


def test_every_value_hidden_means_no_bars_and_says_why():
    chart = votes(series=(Series("Votes", (None, None)),))
    message = "No figures to show: every group has fewer than 5 people."
    root = parse(chart.svg())
    assert not [r for r in root.iter(f"{SVG}rect") if r.get("class")]
    assert " ".join(texts(root)) == message
    assert message in root[1].text
    table = chart.table()
    assert table["caption"] == f"Votes for each change. {message}"
    assert table["rows"] == [
        ["1. More say in my support", "fewer than 5"],
        ["2. Help for carers", "fewer than 5"],
    ]
    go.Figure(chart.figure())


# Words and the table


@pytest.mark.parametrize(
    ("unit", "value_format", "value", "label"),
    [
        ("votes", "{:,.0f}", 1234, "1,234 votes"),
        ("votes", "{:,.0f}", 1, "1 vote"),
        ("out of 5", "{:.1f}", 1, "1.0 out of 5"),
        ("£", "{:,.0f}", 1200, "£1,200"),
        ("£ million", "{:,.1f}", 12.34, "£12.3 million"),
        ("%", "{:.0f}", 45, "45%"),
        ("", "{:.1f}", 3.25, "3.2"),
        ("votes", "{:,.0f}", None, "fewer than 5"),
    ],
)
def test_labels_put_the_unit_where_people_expect_it(unit, value_format, value, label):
    assert votes(unit=unit, value_format=value_format).label(value) == label


def test_table_has_a_column_per_series_and_a_row_per_category():
    assert two_groups().table() == {
        "caption": "Votes for each change",
        "head": ["", "Online", "Paper"],
        "rows": [
            ["1. More say in my support", "12 votes", "fewer than 5"],
            ["2. Help for carers", "0 votes", "5 votes"],
        ],
    }


@pytest.mark.parametrize(
    "bad",
    [
        {"summary": ""},
        {"summary": "   "},
        {"title": ""},
        {"categories": ()},
        {"series": ()},
        {"series": (Series("Votes", (1.0,)),)},
        {"series": (Series("Votes", (1.0, -2.0)),)},
        {"series": (Series("Votes", (1.0, float("nan"))),)},
        {"value_format": "{:,.0q}"},
    ],
)
def test_a_chart_without_a_summary_or_with_bad_figures_is_refused(bad):
    with pytest.raises(ValueError):
        votes(**bad)


# The component


def render_chart(chart: BarChart, **options: str) -> str:
    extra = " ".join(f'{k}="{v}"' for k, v in options.items())
    return Template("{% load charts %}{% chart chart " + extra + " %}").render(
        Context({"chart": chart})
    )


def test_component_shows_title_summary_svg_table_toggle_and_figure_json():
    html = render_chart(two_groups(), id="votes-chart", heading="3")
    assert '<figure class="chart" id="votes-chart"' in html
    assert (
        '<h3 class="chart__title" id="votes-chart-title">Votes for each change' in html
    )
    assert "The bars show how many people chose each change." in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg"' in html
    assert "<summary>Show the figures as a table</summary>" in html
    assert '<th scope="col" class="table__cell--numeric">Paper</th>' in html
    assert '<th scope="row">2. Help for carers</th>' in html
    assert '<script id="votes-chart-figure" type="application/json">' in html
    assert "/static/themes/js/charts.js" in html
    assert 'data-plotly-src="/static/themes/vendor/plotly.min.js"' in html
    # No inline script: only JSON data and a file.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert all('type="application/json"' in a or not body for a, body in scripts)


def test_component_escapes_script_in_labels():
    chart = votes(categories=("<script>alert(1)</script>", "x"))
    html = render_chart(chart, id="c")
    assert "<script>alert(1)" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2  # svg, table


def test_component_says_so_when_every_value_is_hidden():
    html = render_chart(votes(series=(Series("Votes", (None, None)),)), id="c")
    assert html.count("No figures to show: every group has fewer than 5 people.") >= 3


# plotly.js from the installed package, never a CDN


def test_plotly_js_is_found_among_the_static_files():
    found = finders.find(PATH)
    assert found and Path(found).name == "plotly.min.js"
    assert Path(found).read_bytes()[:200].lstrip().startswith(b"/**\n* plotly.js v")
    assert finders.find("themes/vendor/widgetbundle.js") is None


def test_plotly_js_is_listed_for_collectstatic():
    listed = [
        f"{getattr(storage, 'prefix', '')}/{path}"
        for finder in finders.get_finders()
        for path, storage in finder.list([])
        if path.endswith("plotly.min.js")
    ]
    assert listed == [PATH]
