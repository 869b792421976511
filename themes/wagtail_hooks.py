"""The easy-read panel in the Wagtail editor: a check endpoint and the script
that shows its warnings beside every easy-read field. Warnings only: nothing
here stops an editor saving, and without JavaScript the editor is unchanged."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks

from . import admin_views


@hooks.register("register_admin_urls")
def easy_read_admin_urls() -> list:
    return [
        path(
            "easy-read/check/",
            admin_views.check_text,
            name="themes_easy_read_check",
        )
    ]


@hooks.register("insert_editor_js")
def easy_read_panel_assets() -> str:
    # The stylesheet comes with the script, so only editors load it (a
    # global admin stylesheet would also reach the userbar on public pages).
    return format_html(
        '<link rel="stylesheet" href="{}">'
        '<script src="{}" data-endpoint="{}" defer></script>',
        static("themes/css/easy-read-panel.css"),
        static("themes/js/easy-read-panel.js"),
        reverse("themes_easy_read_check"),
    )
