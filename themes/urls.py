from django.urls import path

from . import views

app_name = "themes"
urlpatterns = [
    path("display/<slug:mode>/", views.set_display_mode, name="display_mode"),
]
