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

        from consult.privacy.signals import erase_person, export_person, purge_inquiry

        from .privacy import erase_sign_ups, export_sign_ups, purge_sign_ups

        erase_person.connect(erase_sign_ups, dispatch_uid="deliberation.erase")
        export_person.connect(export_sign_ups, dispatch_uid="deliberation.export")
        purge_inquiry.connect(purge_sign_ups, dispatch_uid="deliberation.purge")
