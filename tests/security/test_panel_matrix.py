"""The access matrix, part two: what surrounds the lists (issue 17 item 3). As each role, on the
demo world:

- every admin changelist's list filters (``get_list_filter`` through the real changelist): a
  related-field filter offers only records of the related model the user may see, and no filter
  names an organisation the user knows nothing of;
- every change form's (and add form's) foreign-key / many-to-many choices: only what the user may see;
- every page of a record the user may see — the change page with its side panels (timeline, legal
  path, deadlines, letters, duplicates), its history and its timeline page — shows no record the
  user may not see (``matrix.MARKERS``) and no organisation the user knows nothing of;
- the home page: each role's queue and open-case counts are its own (built live, no cache).

Generated from ``admin.site._registry``: a new admin, filter, form field or panel joins by itself.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.forms import ModelChoiceField
from django.urls import reverse
from django_fsm.admin import FSMAdminMixin

from registries.models import Organisation
from registries.scoping import scoped, sees_everything

from .matrix import EXPECTATIONS, FORM_CHOICE_EXCEPTIONS, MARKERS, MARKERS_KNOWN_THROUGH, PUBLIC
from .test_access_matrix import USERNAMES, Matrix, admin_models, expected_pks, holds_any

SELECT = re.compile(r"<select\b.*?</select>", re.S)


def _user(world, username):
    return get_user_model().objects.get(pk=world["users"][username].pk)


def _known_organisations(user) -> set[int]:
    """The organisations a user legitimately meets: those it may see, and every organisation a
    record it may see refers to (the addressee of its report, the parties of its demand)."""
    known = set(Organisation.objects.visible_to(user).values_list("pk", flat=True))
    for label, row in EXPECTATIONS.items():
        model = admin_models()[label]
        fields = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is Organisation]
        if not fields:
            continue
        objects = list(model._base_manager.all())
        visible = expected_pks(user, model, row, objects)
        for obj in objects:
            if obj.pk in visible:
                known.update(getattr(obj, f.attname) for f in fields if getattr(obj, f.attname))
    return known


def _unknown_names(user) -> dict[str, int]:
    if sees_everything(user):
        return {}
    known = _known_organisations(user)
    names = {}
    for org in Organisation.objects.exclude(pk__in=known):
        for name in (org.name_kk, org.name_ru):
            if name and len(name) >= 6:
                names[name] = org.pk
    return names


def _hidden_markers(user) -> dict[str, str]:
    """{marker text: "label #pk"} of every record of ``MARKERS`` models the user may not see (a
    text that is also the marker of a record they may see — the same person's IIN on two
    complaints — is not a leak)."""
    markers, seen = {}, set()
    organisation = getattr(getattr(user, "profile", None), "organisation", None)
    for label, marker in MARKERS.items():
        model = admin_models()[label]
        objects = list(model._base_manager.all())
        visible = expected_pks(user, model, EXPECTATIONS[label], objects)
        known = MARKERS_KNOWN_THROUGH.get(label)
        for obj in objects:
            text = str(marker(obj) or "")
            if obj.pk in visible or (known and organisation and known(obj, organisation)):
                seen.add(text)
            elif len(text) >= 6:
                markers[text] = f"{label} #{obj.pk}"
    return {text: what for text, what in markers.items() if text not in seen}


def _visible_rule_pks(user, related):
    row = EXPECTATIONS.get(related._meta.label)
    if row is not None and row.sees == PUBLIC:  # reference data every role may read
        return set(related._base_manager.values_list("pk", flat=True))
    if hasattr(related, "visibility_q") or sees_everything(user):
        return set(scoped(related._base_manager.all(), user).values_list("pk", flat=True))
    return None


@pytest.mark.parametrize("username", [*USERNAMES, "admin"])
def test_list_filters_name_only_what_the_user_may_see(world_db, client, username):
    user = _user(world_db, username)
    client.force_login(user)
    unknown = _unknown_names(user)
    matrix = Matrix()
    for model, model_admin in admin.site._registry.items():
        if not (user.is_superuser or holds_any(user, model, "view", "change")):
            continue
        opts = model._meta
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if response.status_code != 200 or response.context is None or "cl" not in response.context:
            continue
        changelist = response.context["cl"]
        for spec in changelist.filter_specs:
            where = f"{opts.label} × {username} filter {getattr(spec, 'title', spec)}"
            if isinstance(spec, RelatedFieldListFilter):
                related = spec.field.related_model
                allowed = _visible_rule_pks(user, related)
                if allowed is None:  # no visibility rule: what the user's own rows refer to
                    allowed = set(
                        model_admin.get_queryset(response.wsgi_request).values_list(f"{spec.field_path}__pk", flat=True)
                    )
                offered = {int(pk) for pk, _label in spec.lookup_choices}
                matrix.check(offered <= allowed, f"{where}: offers hidden {related._meta.label} {sorted(offered - allowed)}")
            for choice in spec.choices(changelist):
                text = str(choice.get("display", ""))
                matrix.check(text not in unknown, f"{where}: names organisation #{unknown.get(text)} ({text})")
    matrix.assert_clean()


def _form_choice_leaks(user, label, form, where, matrix):
    for name, formfield in form.fields.items():
        if not isinstance(formfield, ModelChoiceField) or (label, name) in FORM_CHOICE_EXCEPTIONS:
            continue
        related = formfield.queryset.model
        allowed = _visible_rule_pks(user, related)
        offered = set(formfield.queryset.values_list("pk", flat=True))
        if allowed is None:
            matrix.check(not offered, f"{where} field {name}: offers {len(offered)} {related._meta.label} rows (no visibility rule)")
            continue
        matrix.check(offered <= allowed, f"{where} field {name}: offers hidden {related._meta.label} {sorted(offered - allowed)[:10]}")


@pytest.mark.parametrize("username", [*USERNAMES, "admin"])
def test_form_choices_offer_only_what_the_user_may_see(world_db, client, username):
    user = _user(world_db, username)
    client.force_login(user)
    matrix = Matrix()
    for model in admin.site._registry:
        label = model._meta.label
        if label not in EXPECTATIONS:
            continue
        opts = model._meta
        info = f"{opts.app_label}_{opts.model_name}"
        objects = list(model._base_manager.all())
        visible = sorted(expected_pks(user, model, EXPECTATIONS[label], objects))
        pages = [(f"change #{pk}", reverse(f"admin:{info}_change", args=[pk])) for pk in visible[:1]]
        pages.append(("add", reverse(f"admin:{info}_add")))
        for what, url in pages:
            response = client.get(url)
            if response.status_code != 200 or response.context is None or "adminform" not in response.context:
                continue
            _form_choice_leaks(user, label, response.context["adminform"].form, f"{label} × {username} {what}", matrix)
    matrix.assert_clean()


def _record_pages(model, pk):
    opts = model._meta
    info = f"{opts.app_label}_{opts.model_name}"
    return [
        reverse(f"admin:{info}_change", args=[pk]),
        reverse(f"admin:{info}_history", args=[pk]),
        reverse("case-timeline", args=[opts.app_label, opts.model_name, pk]),
    ]


@pytest.mark.parametrize("username", [*USERNAMES, "admin"])
def test_panels_show_only_what_the_user_may_see(world_db, client, username):
    """Every page of a record the user may see (its change page with every side panel, its
    history, the timeline page of a case) names no record and no organisation hidden from them."""
    user = _user(world_db, username)
    client.force_login(user)
    markers, unknown = _hidden_markers(user), _unknown_names(user)
    matrix = Matrix()
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if label not in EXPECTATIONS or not (user.is_superuser or holds_any(user, model, "view", "change")):
            continue
        objects = list(model._base_manager.order_by("pk"))
        visible = sorted(expected_pks(user, model, EXPECTATIONS[label], objects))
        is_case = isinstance(model_admin, FSMAdminMixin)
        for pk in visible[: 3 if is_case else 1]:
            for url in _record_pages(model, pk) if is_case else _record_pages(model, pk)[:2]:
                response = client.get(url)
                if response.status_code != 200:
                    continue
                # form choices are judged by test_form_choices_offer_only_what_the_user_may_see
                html = SELECT.sub("", response.content.decode())
                for text, what in markers.items():
                    matrix.check(text not in html, f"{label} #{pk} × {username} {url}: shows hidden {what} ({text})")
                for text, org in unknown.items():
                    matrix.check(text not in html, f"{label} #{pk} × {username} {url}: names organisation #{org} ({text})")
    matrix.assert_clean()


def test_home_page_is_each_roles_own(world_db):
    """Every role in turn: what waits awaits the role's own organisation, each procedure's open
    count is exactly the open cases ``visible_to`` the role, and no number comes from a cache
    entry another role warmed (the page is built live)."""
    from cases.monitoring import dashboard
    from cases.monitoring.status import final_states, procedure_models
    from registries.scoping import organisation_of

    cache.clear()
    matrix = Matrix()
    models = {str(model._meta.verbose_name_plural): model for model in procedure_models()}
    users = [_user(world_db, username) for username in [*USERNAMES, "admin"]]
    for user in users:
        dashboard.build(user)  # a cache, were there one, would now be warm with every role
    for user in users:
        data = dashboard.build(user)
        queue = data["queue"]
        organisation = organisation_of(user)
        if queue is not None:
            awaiting = {item["deadline"].awaiting_organisation_id for item in queue["items"]}
            matrix.check(awaiting <= {organisation.pk}, f"home × {user.username}: waits for another organisation")
        for row in data["procedures"]:
            model = models[row.label]
            expected = model.objects.visible_to(user).exclude(state__in=final_states(model)).count()
            matrix.check(row.open.count == expected, f"home × {user.username} × {row.label}: {row.open.count} ≠ {expected}")
    matrix.assert_clean()
