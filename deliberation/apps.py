from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "deliberation"
    verbose_name = "Deliberation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from consult import take_part, team_tools

        from .take_part import session_items, team_links

        take_part.register(session_items)
        team_tools.register(team_links)
