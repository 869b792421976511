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
        # Each part of the loop hands its pieces to the Take part page and the
        # team page, in the order of the phases.
        from . import take_part, team_tools
        from .budgeting.take_part import budget_items
        from .budgeting.views import budget_team_links
        from .priorities.paper_views import team_links as paper_team_links
        from .priorities.results_views import results_team_links
        from .priorities.take_part import priority_items
        from .priorities.take_part import team_links as priority_team_links
        from .publication_views import team_links as publication_team_links
        from .sensemaking.team_links import team_links as themes_team_links

        take_part.register(priority_items)
        take_part.register(budget_items)
        team_tools.register(themes_team_links)
        team_tools.register(priority_team_links)
        team_tools.register(paper_team_links)
        team_tools.register(results_team_links)
        team_tools.register(budget_team_links)
        team_tools.register(publication_team_links)

        # Results PDFs (h-pdf): built when results are published or change,
        # taken down when they are unpublished.
        from .results.pdfs import connect_signals as connect_pdf_signals

        connect_pdf_signals()

        # Audit log (h-audit): site role (group) changes, wherever made.
        from .audit import connect_signals as connect_audit_signals

        connect_audit_signals()

        # Full-page cache (h-caching): which inquiries a page shows, and the
        # site stamp moved when editors publish.
        from .page_cache import connect_signals as connect_page_cache_signals

        connect_page_cache_signals()


def _ensure_groups(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    from .roles import ensure_role_groups

    ensure_role_groups(using=using)
