from django.urls import path

from . import views

app_name = "consult"
urlpatterns = [
    path("inquiries/<slug:slug>/team/", views.team_page, name="team_page"),
]
