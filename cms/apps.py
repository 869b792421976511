from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_grant_page_permissions, sender=self)
        from wagtail.models import Page

        from . import checks  # noqa: F401  (registers the deployment checks)

        # Full-page cache (h-caching): menus and footers come from the site
        # settings and show on every page. Pages move the stamp on publish
        # (consult/page_cache.py), not on each draft saved.
        for model in self.get_models():
            if not issubclass(model, Page):
                uid = f"page-cache-site-{model.__name__}"
                post_save.connect(_site_changed, sender=model, dispatch_uid=uid)
                post_delete.connect(_site_changed, sender=model, dispatch_uid=uid)


def _grant_page_permissions(
    sender: AppConfig, using: str = "default", **kwargs: object
) -> None:
    from .roles import grant_site_editor_page_permissions

    grant_site_editor_page_permissions(using=using)


def _site_changed(**kwargs: object) -> None:
    from consult.caching import bump_site_version

    bump_site_version()
