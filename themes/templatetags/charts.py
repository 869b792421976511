"""The chart component: ``{% load charts %}{% chart chart_object id="some-id" %}``.

Renders a figure with the chart's title and one-sentence summary, the static
SVG (which works with no JavaScript and prints), the figures as a table
behind a "Show the figures as a table" toggle, and the Plotly figure as JSON
for themes/js/charts.js to draw the interactive chart in the SVG's place.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.text import slugify

from ..charts import BarChart, chart_context

register = template.Library()

HEADING_LEVELS = {2, 3, 4}


@register.inclusion_tag("components/chart.html")
def chart(chart: BarChart, id: str = "", heading: int | str = 0) -> dict[str, Any]:
    """A chart. ``id`` must be unique on the page; ``heading`` (2, 3 or 4)
    makes the title a heading of that level, otherwise it is a caption."""
    chart_id = slugify(id) or f"chart-{slugify(chart.title)[:40]}"
    level = int(heading) if str(heading).isdigit() else 0
    return {
        **chart_context(chart, chart_id),
        "figure_id": f"{chart_id}-figure",
        "heading_level": level if level in HEADING_LEVELS else 0,
    }
