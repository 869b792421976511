from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_grant_page_permissions, sender=self)
        from . import checks  # noqa: F401  (registers the deployment checks)


def _grant_page_permissions(
    sender: AppConfig, using: str = "default", **kwargs: object
) -> None:
    from .roles import grant_site_editor_page_permissions

    grant_site_editor_page_permissions(using=using)
