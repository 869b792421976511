"""Template tags for the presentation layer: pictograms and form fields.

Loaded as a builtin, so templates use them without ``{% load %}``.
"""

from __future__ import annotations

import logging

from django import template
from django.forms import BoundField
from django.templatetags.static import static
from django.utils.html import format_html

from ..pictograms import get_pictogram

register = template.Library()
logger = logging.getLogger("coproduce.themes")

SIZES = {"small": 48, "medium": 72, "large": 112}


@register.simple_tag
def pictogram(name: str, alt: str | None = None, size: str = "medium") -> str:
    """An <img> of a pictogram from the library.

    ``alt`` overrides the pictogram's own description; pass ``alt=""`` only when
    the words beside the picture already say everything it shows.
    """
    pic = get_pictogram(name)
    pixels = SIZES.get(size, SIZES["medium"])
    if pic is None:
        # Content can outlive a pictogram we stop shipping: show the words, not
        # a broken image, and tell the operators.
        logger.warning("Unknown pictogram %r", name)
        return format_html('<span class="pictogram-missing">{}</span>', alt or "")
    return format_html(
        '<img class="pictogram pictogram--{}" src="{}" alt="{}" width="{}" '
        'height="{}">',
        size if size in SIZES else "medium",
        static(pic.static_path),
        pic.alt if alt is None else alt,
        pixels,
        pixels,
    )


@register.inclusion_tag("components/field.html")
def form_field(
    field: BoundField, hint: str = "", label_size: str = "", input_class: str = ""
) -> dict[str, object]:
    """One form field with its label, hint and error next to it (GOV.UK pattern).

    The input points at its hint and error with aria-describedby, and is marked
    aria-invalid when the server found a problem with it.
    """
    hint = hint or str(field.help_text or "")
    hint_id = f"{field.auto_id}-hint" if hint else ""
    error_id = f"{field.auto_id}-error" if field.errors else ""
    described_by = " ".join(i for i in (hint_id, error_id) if i)
    attrs: dict[str, str] = {}
    if described_by:
        attrs["aria-describedby"] = described_by
    if field.errors:
        attrs["aria-invalid"] = "true"
    own_class = field.field.widget.attrs.get("class", "")
    classes = ["input", own_class, input_class]
    classes += ["input--error"] if field.errors else []
    attrs["class"] = " ".join(c for c in classes if c)
    widget_type = getattr(field.field.widget, "input_type", "")
    return {
        "field": field,
        "widget": field.as_widget(attrs=attrs),
        "hint": hint,
        "hint_id": hint_id,
        "error_id": error_id,
        "label_size": label_size,
        "is_choice": widget_type in {"checkbox", "radio"},
    }


@register.inclusion_tag("components/choices.html")
def choice_field(
    field: BoundField,
    hint: str = "",
    legend_size: str = "",
    pictograms: dict[str, str] | None = None,
) -> dict[str, object]:
    """Radios or checkboxes in a fieldset with a legend, hint and error
    (GOV.UK pattern). ``pictograms`` maps choice values to pictogram names,
    for easy-read forms with a picture beside every choice. Grouped choices
    show their group's name above its options."""
    hint = hint or str(field.help_text or "")
    hint_id = f"{field.auto_id}-hint" if hint else ""
    error_id = f"{field.auto_id}-error" if field.errors else ""
    # Grouped choices ((heading, [(value, label), ...]), ...) keep their
    # headings, so a long list such as ethnic groups reads in sections.
    # Only plain lists: a model field's choices would cost a query.
    choices = getattr(field.field, "choices", None)
    group_of = {
        str(value): str(heading)
        for heading, group in (choices if isinstance(choices, list | tuple) else [])
        if isinstance(group, list | tuple)
        for value, _ in group
    }
    options = [
        {
            "widget": option,
            "pictogram": (pictograms or {}).get(str(option.data["value"]), ""),
            "group": group_of.get(str(option.data["value"]), ""),
        }
        for option in field
    ]
    return {
        "field": field,
        "options": options,
        "hint": hint,
        "hint_id": hint_id,
        "error_id": error_id,
        "described_by": " ".join(i for i in (hint_id, error_id) if i),
        "legend_size": legend_size,
    }


@register.filter
def error_target(field: BoundField) -> str:
    """The id an error-summary link points at. A group of radios or checkboxes
    has no element with the field's own id, so point at its first option."""
    widget = field.field.widget
    is_group = getattr(widget, "input_type", "") in {"radio", "checkbox"} and hasattr(
        widget, "choices"
    )
    return f"{field.auto_id}_0" if is_group else str(field.auto_id)
