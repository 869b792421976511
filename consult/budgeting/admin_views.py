"""The budget in the Wagtail admin: the money picture's settings (pot, how
people vote, results published), its areas (the list is data) and the
support models, as snippets in one menu group."""

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import Budget, BudgetArea, SupportModel


class BudgetViewSet(SnippetViewSet):
    model = Budget
    icon = "table"
    menu_label = "Budgets"
    list_display = ["__str__", "inquiry", "pot", "results_published"]
    panels = [
        FieldPanel("inquiry"),
        FieldRowPanel([FieldPanel("organisation_name"), FieldPanel("year_label")]),
        FieldPanel("pot"),
        FieldPanel("pot_note"),
        FieldRowPanel([FieldPanel("evidence"), FieldPanel("source")]),
        MultiFieldPanel(
            [
                FieldPanel("model_vote_type"),
                FieldRowPanel(
                    [FieldPanel("max_points"), FieldPanel("max_points_per_model")]
                ),
                FieldPanel("split_blocks"),
            ],
            heading="How people vote",
        ),
        FieldPanel("results_published"),
    ]


class BudgetAreaViewSet(SnippetViewSet):
    model = BudgetArea
    icon = "list-ul"
    menu_label = "Budget areas"
    list_display = ["name", "budget", "number", "is_decision_area"]
    panels = [
        FieldPanel("budget"),
        FieldPanel("number"),
        FieldPanel("name"),
        FieldPanel("easy_read_name"),
        FieldPanel("description"),
        FieldPanel("pictogram"),
        FieldPanel("is_decision_area"),
    ]


class SupportModelViewSet(SnippetViewSet):
    model = SupportModel
    icon = "snippet"
    menu_label = "Support models"
    list_display = ["name", "area", "cost", "evidence_strength"]
    search_fields = ["name", "what_it_buys"]
    panels = [
        FieldRowPanel([FieldPanel("budget"), FieldPanel("area")]),
        FieldPanel("name"),
        FieldRowPanel(
            [FieldPanel("cost"), FieldPanel("cost_basis"), FieldPanel("people")]
        ),
        FieldPanel("what_it_buys"),
        FieldRowPanel([FieldPanel("evidence_strength"), FieldPanel("source")]),
        MultiFieldPanel(
            [
                FieldPanel("easy_read_name"),
                FieldPanel("easy_read_text"),
                FieldPanel("pictogram"),
            ],
            heading="Easy read",
        ),
        FieldPanel("pabulib_id"),
    ]


class BudgetGroup(SnippetViewSetGroup):
    items = (BudgetViewSet, BudgetAreaViewSet, SupportModelViewSet)
    menu_icon = "table"
    menu_label = "Budgets"
    menu_order = 220
