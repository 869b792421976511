from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ConsultConfig(AppConfig):
    name = "consult"
    verbose_name = "Consultation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .caching import connect_signals

        post_migrate.connect(_ensure_groups, sender=self)
        connect_signals()
        # Budget ballots on Take part and the team page (budgetapp).
        from . import take_part, team_tools
        from .budgeting.take_part import budget_items
        from .budgeting.views import budget_team_links

        take_part.register(budget_items)
        team_tools.register(budget_team_links)

        # Make sense: the themes tools on the team page.
        from . import team_tools
        from .sensemaking.team_links import team_links

        team_tools.register(team_links)

        # Priority voting (h-ballots)
        from . import take_part, team_tools
        from .priorities.take_part import priority_items, team_links

        take_part.register(priority_items)
        team_tools.register(team_links)

        # Priority results (h-results)
        from .priorities.results_views import results_team_links

        team_tools.register(results_team_links)


def _ensure_groups(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    from .roles import ensure_role_groups

    ensure_role_groups(using=using)
