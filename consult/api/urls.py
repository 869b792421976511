"""/api/: the v1 endpoints, the schema and the docs page. Wired in cms/urls.py
before Wagtail's page routes."""

from django.urls import path, re_path

from . import docs, views

app_name = "api"
urlpatterns = [
    path("", views.ApiRoot.as_view(), name="root"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", docs.docs_page, name="docs"),
    path("v1/", views.ApiRoot.as_view(), name="v1"),
    path("v1/inquiries/", views.InquiryList.as_view(), name="inquiries"),
    path("v1/inquiries/<slug:slug>/", views.InquiryDetail.as_view(), name="inquiry"),
    path(
        "v1/inquiries/<slug:slug>/changes/",
        views.ChangeList.as_view(),
        name="changes",
    ),
    path(
        "v1/inquiries/<slug:slug>/results/",
        views.ResultsView.as_view(),
        name="results",
    ),
    # Commitments (issue 8, h-commitio)
    path(
        "v1/inquiries/<slug:slug>/commitments/",
        views.InquiryCommitmentList.as_view(),
        name="inquiry_commitments",
    ),
    path(
        "v1/organisations/<slug:slug>/commitments/",
        views.OrganisationCommitmentList.as_view(),
        name="organisation_commitments",
    ),
    path("v1/organisations/", views.OrganisationList.as_view(), name="organisations"),
    path(
        "v1/organisations/<slug:slug>/",
        views.OrganisationDetail.as_view(),
        name="organisation",
    ),
    # Anything else under /api/ (ending in a slash: without one, Django adds
    # it first): a JSON "not found" rather than the site's HTML page.
    re_path(r"^(?P<rest>.*/)$", views.not_found),
]
