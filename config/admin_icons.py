"""Django admin's yes / no / unknown icons with their text alternative in the interface language:
Django writes ``alt="True"`` / ``"False"`` / ``"None"`` — English, read aloud by screen readers.

Django's change lists and read-only fields all draw the icon through
``django.contrib.admin.templatetags.admin_list._boolean_icon`` (looked up at call time), so this
one function replaces it (``install``, called when the admin app is ready).
"""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

ICONS = {True: ("yes", _("Yes")), False: ("no", _("No")), None: ("unknown", _("Unknown"))}


def boolean_icon(field_val) -> str:
    name, text = ICONS[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), text)


def install() -> None:
    admin_list._boolean_icon = boolean_icon
