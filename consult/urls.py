from django.urls import path

from . import views

app_name = "consult"
urlpatterns = [
    path("inquiries/<slug:slug>/team/", views.team_page, name="team_page"),
    path("inquiries/<slug:slug>/code/", views.code_entry, name="code_entry"),
    path("inquiries/<slug:slug>/codes/", views.codes_page, name="codes_page"),
]
