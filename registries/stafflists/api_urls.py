"""Staff lists: no API yet (state bodies may POST lists later). The link of the e-mail that lets
a person newly listed by an accepted list (seed 001 p. 5, Appendix 1) set a password lives here
until the project includes ``django.contrib.auth.urls``."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

urlpatterns = [
    path(
        "staff-lists/set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("stafflists-set-password-done")),
        name="stafflists-set-password",
    ),
    path(
        "staff-lists/set-password/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="stafflists-set-password-done",
    ),
]
