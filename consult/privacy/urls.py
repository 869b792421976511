"""URLs for people's rights, included in consult.urls (namespace "consult")."""

from django.urls import path

from . import views

urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path(
        "privacy/easy-read/",
        views.privacy_notice,
        {"easy": True},
        name="privacy_notice_easy_read",
    ),
    path("your-information/", views.your_information, name="your_information"),
    path(
        "your-information/download/",
        views.download,
        name="your_information_download",
    ),
    path("your-information/name/", views.change_name, name="your_information_name"),
    path(
        "your-information/stories/<int:pk>/stop-quoting/",
        views.stop_quoting,
        name="your_information_stop_quoting",
    ),
    path(
        "your-information/erase/",
        views.erase_account,
        name="your_information_erase",
    ),
    path(
        "your-information/erase/<slug:slug>/",
        views.erase_code,
        name="your_information_erase_code",
    ),
    path("your-information/erased/", views.erased, name="your_information_erased"),
    path(
        "inquiries/<slug:slug>/privacy-requests/",
        views.privacy_requests,
        name="privacy_requests",
    ),
]
