from django.urls import path

from . import listen_views, views

app_name = "consult"
urlpatterns = [
    path("inquiries/<slug:slug>/team/", views.team_page, name="team_page"),
    path("inquiries/<slug:slug>/code/", views.code_entry, name="code_entry"),
    path("inquiries/<slug:slug>/codes/", views.codes_page, name="codes_page"),
    path("inquiries/<slug:slug>/story/", listen_views.story, name="story"),
    path(
        "inquiries/<slug:slug>/story/<int:pk>/change/",
        listen_views.story,
        name="change_story",
    ),
    path(
        "inquiries/<slug:slug>/story/<int:pk>/withdraw/",
        listen_views.withdraw_story,
        name="withdraw_story",
    ),
    path(
        "inquiries/<slug:slug>/my-stories/", listen_views.my_stories, name="my_stories"
    ),
    path(
        "inquiries/<slug:slug>/moderation/", listen_views.moderation, name="moderation"
    ),
    path(
        "inquiries/<slug:slug>/safeguarding/",
        listen_views.safeguarding,
        name="safeguarding",
    ),
]
