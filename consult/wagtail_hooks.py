"""Inquiries and organisations in the Wagtail admin, as snippets."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Inquiry, Organisation


class InquiryViewSet(SnippetViewSet):
    model = Inquiry
    icon = "clipboard-list"
    menu_label = "Inquiries"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["title", "slug", "area_name"]
    search_fields = ["title", "question"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "kind"]
    search_fields = ["name"]


register_snippet(InquiryViewSet)
register_snippet(OrganisationViewSet)

# Budgets, their areas and support models (budgetapp).
from .budgeting.admin_views import BudgetGroup  # noqa: E402

register_snippet(BudgetGroup)


@hooks.register("register_log_actions")
def publication_log_actions(actions):  # type: ignore[no-untyped-def]
    """Publishing and unpublishing results show in Wagtail's audit log."""
    from .publication import PUBLISHED_ACTION, UNPUBLISHED_ACTION

    actions.register_action(PUBLISHED_ACTION, "Publish results", "Results published")
    actions.register_action(
        UNPUBLISHED_ACTION, "Unpublish results", "Results taken down"
    )


# Commit and account (h-commit): the editable list of Making it Real themes.
from .models import MakingItRealTheme  # noqa: E402


class MakingItRealViewSet(SnippetViewSet):
    model = MakingItRealTheme
    icon = "tag"
    menu_label = "Making it Real themes"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["number", "name", "easy_read_name"]


register_snippet(MakingItRealViewSet)


# Editor actions in the audit log (h-audit): labels in plain words.
@hooks.register("register_log_actions")
def coproduce_log_actions(actions):  # type: ignore[no-untyped-def]
    from .audit import register

    register(actions)
