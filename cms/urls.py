from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views

handler500 = "cms.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("search/", views.search, name="search"),
    path("", include("themes.urls")),
    path("", include("deliberation.urls")),
    path("", include("consult.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# Open data API (issue 7, h-api): /api/v1/, /api/schema/, /api/docs/. Put
# first, so Wagtail's page routes above never see these addresses.
urlpatterns = [path("api/", include("consult.api.urls")), *urlpatterns]
