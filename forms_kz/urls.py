"""Public (no login) pages of the letter register: the verification page of the QR code."""

from django.urls import path

from . import views

app_name = "forms_kz"

urlpatterns = [
    path("verify/<str:token>/", views.verify, name="verify"),
]
