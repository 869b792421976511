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
        # Paper ballots on the team page (h-paperroom)
        from . import team_tools
        from .priorities.paper_views import team_links as paper_links

        team_tools.register(paper_links)

        # Priority voting (h-ballots)
        from . import take_part, team_tools
        from .priorities.take_part import priority_items, team_links

        take_part.register(priority_items)
        team_tools.register(team_links)


def _ensure_groups(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    from .roles import ensure_role_groups

    ensure_role_groups(using=using)
