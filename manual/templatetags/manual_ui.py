"""Labels of the real admin screens, read from the code, for the manual's pages.

``{% step "violations.ViolationReport" "submit" %}`` is the transition button's label,
``{% plural "violations.ViolationReport" %}`` the menu entry, ``{% field … %}`` a field's label,
``{% state … %}`` a state, ``{% app … %}`` an app's menu section, ``{% role … %}`` a role,
``{% ui "Save" %}`` any label of the catalogues (Django's, the libraries', ours). An unknown
model, transition, field or state raises, so a page naming a button that is gone fails its test.
"""

from django import template
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext

from registries.roles import Role

register = template.Library()


def _model(key):
    return apps.get_model(key)


@register.simple_tag
def ui(msgid):
    return gettext(msgid)


@register.simple_tag
def step(model_key, name):
    model = _model(model_key)
    for transition in model._meta.get_field("state").get_all_transitions(model):
        if transition.name == name:
            label = (transition.custom or {}).get("label")
            if not label:
                raise template.TemplateSyntaxError(f"{model_key}.{name} has no button label")
            return str(label)
    raise template.TemplateSyntaxError(f"{model_key} has no transition {name!r}")


@register.simple_tag
def plural(model_key):
    return capfirst(_model(model_key)._meta.verbose_name_plural)


@register.simple_tag
def singular(model_key):
    return capfirst(_model(model_key)._meta.verbose_name)


@register.simple_tag
def field(model_key, name):
    return capfirst(_model(model_key)._meta.get_field(name).verbose_name)


@register.simple_tag
def state(model_key, value):
    choices = dict(_model(model_key)._meta.get_field("state").choices)
    if value not in choices:
        raise template.TemplateSyntaxError(f"{model_key} has no state {value!r}")
    return str(choices[value])


@register.simple_tag
def app(app_label):
    return str(apps.get_app_config(app_label).verbose_name)


@register.simple_tag
def role(code):
    return str(Role(code).label)


@register.simple_tag
def changelist(model_key):
    """The admin list of the model ("" when the admin does not register it)."""
    model = _model(model_key)
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    except NoReverseMatch:
        return ""


@register.simple_tag
def add_button(model_key):
    """The changelist's add button, as Django's admin writes it ("Add %(name)s")."""
    msgid = "Add %(name)s"  # Django admin's own msgid (a variable: not re-extracted into our catalogue)
    return gettext(msgid) % {"name": _model(model_key)._meta.verbose_name}
