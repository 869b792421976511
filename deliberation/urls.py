from django.urls import path

from . import console_views, room_views, views

app_name = "deliberation"
P = "inquiries/<slug:slug>/"
urlpatterns = [
    path(f"{P}sessions/", views.session_list, name="session_list"),
    path(f"{P}sessions/plan/", views.plan_session, name="plan_session"),
    path(f"{P}sessions/<int:pk>/", views.session_detail, name="session"),
    path(f"{P}sessions/<int:pk>/change/", views.plan_session, name="change_session"),
    path(f"{P}sessions/<int:pk>/people/", views.session_people, name="session_people"),
    path(f"{P}sessions/<int:pk>/calendar.ics", views.session_ics, name="session_ics"),
    path(f"{P}sessions/place/<str:token>/", views.sign_up_done, name="sign_up_done"),
    path(
        f"{P}sessions/place/<str:token>/cancel/",
        views.cancel_sign_up,
        name="cancel_sign_up",
    ),
    path(f"{P}console/", console_views.console_home, name="console"),
    path(f"{P}console/import/", console_views.bulk_import, name="bulk_import"),
    path(f"{P}console/<str:where>/", console_views.capture, name="capture"),
    # Room mode: projector and votes entered in the console (h-paperroom)
    path(f"{P}sessions/<int:pk>/room/", room_views.room_page, name="room"),
    path(
        f"{P}sessions/<int:pk>/room/counts.json",
        room_views.room_counts,
        name="room_counts",
    ),
    path(f"{P}console/<int:pk>/vote/", room_views.console_vote, name="console_vote"),
]
