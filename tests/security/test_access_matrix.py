"""The access matrix (issue 11 item 1): every role × every model × list / view / change /
history / export / transition / file (PDF, CSV), in the admin and the API.

Generated from the admin registry and the URL resolver: ``test_every_model_joins_the_matrix``
fails when a model is registered in the admin (or exposed by a viewset) without a row in
``tests/security/matrix.py``. The demo world (``manage.py load_demo``) gives every model rows
owned by different organisations; each cell asserts that a user outside the authorised body gets
exactly its organisation's records and what is addressed to it, that everything else answers
403/404 (or the admin's redirect for a record that "does not exist") and stays unchanged, and
that the authorised body sees all.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.urls import NoReverseMatch, get_resolver, reverse
from django_fsm.admin import FSMAdminMixin
from import_export.admin import ExportMixin
from rest_framework.test import APIClient
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

from cases.models import TransitionLog
from registries.demo import DEMO_USERS
from registries.roles import Role
from registries.scoping import organisation_of, sees_everything

from .matrix import API_AGGREGATES, API_EXPECTATIONS, EXPECTATIONS, KNOWN_HOLES, NOBODY, PUBLIC, SUPERUSER

USERNAMES = [username for username, *_ in DEMO_USERS]
DENIED = {403, 404}


# --- generation --------------------------------------------------------------------------------


def admin_models():
    return {model._meta.label: model for model in admin.site._registry}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def api_viewset_routes():
    """{route prefix: (viewset class, [(route, url name, actions)])} of every viewset under /api/v1/."""
    routes = {}
    for route, pattern in _walk(get_resolver().url_patterns):
        cls = getattr(pattern.callback, "cls", None)
        actions = getattr(pattern.callback, "actions", None)
        if not route.startswith("api/v1/") or actions is None or "format" in route:
            continue
        prefix = route[len("api/v1/"):].lstrip("^").split("/")[0].rstrip("$")
        routes.setdefault(prefix, (cls, []))[1].append((route, pattern.name, actions))
    return routes


def test_every_role_has_a_demo_user():
    roles = {str(role) for _username, _org, role, _name in DEMO_USERS}
    assert roles == {str(role) for role in Role}, "every role needs a demo user to join the matrix"


def test_every_model_joins_the_matrix():
    """A new admin model or API endpoint fails here until its row is added to matrix.py."""
    registered, rows = set(admin_models()), set(EXPECTATIONS)
    assert registered == rows, f"admin models without a matrix row: {sorted(registered - rows)}; rows without a model: {sorted(rows - registered)}"
    routes = api_viewset_routes()
    endpoints, api_rows = set(routes), set(API_EXPECTATIONS)
    assert endpoints == api_rows, f"API endpoints without a matrix row: {sorted(endpoints - api_rows)}; rows without an endpoint: {sorted(api_rows - endpoints)}"
    for prefix, (cls, _patterns) in routes.items():
        assert cls.queryset.model._meta.label == API_EXPECTATIONS[prefix], prefix
        assert API_EXPECTATIONS[prefix] in EXPECTATIONS


def test_every_object_file_view_joins_the_matrix():
    """Every custom admin URL serving one record (``<int:pk>/…/``) that is a file (PDF/CSV) is
    listed in its model's ``files``; the others are transitions or forms checked elsewhere."""
    listed = {name for row in EXPECTATIONS.values() for name in row.files}
    for model, model_admin in admin.site._registry.items():
        for pattern in model_admin.get_urls():
            name = pattern.name or ""
            if str(pattern.pattern).startswith("<int:pk>/") and any(
                word in name for word in ("pdf", "download", "preview", "csv", "appendix", "export")
            ):
                assert name in listed, f"{name} ({model._meta.label}) serves a file: add it to matrix.py"


# --- helpers -------------------------------------------------------------------------------------


def expected_pks(user, model, row, objects):
    if row.listed is not None:
        objects = [obj for obj in objects if row.listed(obj)]
    if user.is_superuser or sees_everything(user):
        return {obj.pk for obj in objects}
    if row.sees in (NOBODY, SUPERUSER):
        return set()
    if row.sees == PUBLIC:
        return {obj.pk for obj in objects}
    organisation = organisation_of(user)
    return {obj.pk for obj in objects if row.sees(obj, organisation)}


def snapshot(model, pk):
    obj = model._base_manager.filter(pk=pk).first()
    if obj is None:
        return None
    return {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}


def holds_any(user, model, *verbs):
    opts = model._meta
    return any(user.has_perm(f"{opts.app_label}.{verb}_{opts.model_name}") for verb in verbs)


def is_denied(response, obj_url=None):
    """403/404, a redirect to the log-in, or the admin's redirect away from a record it does not show."""
    if response.status_code in DENIED:
        return True
    if response.status_code == 302:
        location = response["Location"]
        return obj_url is None or not location.rstrip("/").endswith(obj_url.rstrip("/"))
    return False


def url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def transitions_from(obj):
    """Every FSM transition (name) possible from the record's current state, any role."""
    names = []
    for method_name in dir(type(obj)):
        method = getattr(type(obj), method_name, None)
        meta = getattr(method, "_django_fsm", None)
        if meta is None:
            continue
        if meta.has_transition(meta.field.get_state(obj)):
            names.append(method_name)
    return sorted(names)


class Matrix:
    """Collects failures so one run reports every broken cell at once."""

    def __init__(self):
        self.failures = []
        self.cells = 0

    def check(self, condition, message):
        self.cells += 1
        if not condition:
            self.failures.append(message)

    def assert_clean(self, label=None):
        hole = KNOWN_HOLES.get(label)
        if hole is not None:
            action, change = hole
            known = [f for f in self.failures if any(f" {word} " in f for word in action.split("|"))]
            assert known, f"{label}: the known hole ({action}) is fixed: remove it from KNOWN_HOLES"
            others = [f for f in self.failures if f not in known]
            assert not others, f"{len(others)} of {self.cells} cells failed:\n" + "\n".join(others)
            pytest.xfail(f"known hole, needs: {change} ({len(known)} cells)")
        assert not self.failures, f"{len(self.failures)} of {self.cells} cells failed:\n" + "\n".join(self.failures)


CELLS = {"admin": 0, "api": 0}


# --- the admin -------------------------------------------------------------------------------------


@pytest.mark.parametrize("label", sorted(EXPECTATIONS))
def test_admin_matrix(world_db, client, label):
    model = admin_models()[label]
    model_admin = admin.site._registry[model]
    row = EXPECTATIONS[label]
    opts = model._meta
    info = f"{opts.app_label}_{opts.model_name}"
    users = world_db["users"]
    matrix = Matrix()
    has_history = isinstance(model_admin, SimpleHistoryAdmin) and hasattr(model, "history")
    is_fsm = isinstance(model_admin, FSMAdminMixin)
    exports = isinstance(model_admin, ExportMixin)

    for username in [*USERNAMES, "admin"]:
        user = get_user_model().objects.get(pk=users[username].pk)
        client.force_login(user)
        cell = f"{label} × {username}"
        objects = list(model._base_manager.all())  # re-read: logging in writes axes' access log
        expected = expected_pks(user, model, row, objects)
        visible = [obj for obj in objects if obj.pk in expected]
        hidden = [obj for obj in objects if obj.pk not in expected]
        may_view = user.is_superuser or row.extra.get("self_service", False) or holds_any(user, model, "view", "change")
        if row.sees == SUPERUSER and not user.is_superuser:
            matrix.check(not may_view, f"{cell}: a role holds a permission on a superuser-only model")

        # list
        response = client.get(reverse(f"admin:{info}_changelist"))
        if may_view:
            matrix.check(response.status_code == 200, f"{cell} list: {response.status_code}, expected 200")
            if response.status_code == 200:
                changelist = response.context["cl"]
                shown = set(changelist.root_queryset.values_list("pk", flat=True))
                matrix.check(
                    shown == expected,
                    f"{cell} list: shows {sorted(shown - expected)} it must not / misses {sorted(expected - shown)}",
                )
                matrix.check(set(changelist.queryset.values_list("pk", flat=True)) <= expected, f"{cell} list filtered")
        else:
            matrix.check(response.status_code == 403, f"{cell} list: {response.status_code}, expected 403")

        # view (change form, GET): the first visible record opens; every hidden one is denied.
        for obj in visible[:1]:
            response = client.get(reverse(f"admin:{info}_change", args=[obj.pk]))
            expected_status = 200 if may_view else 403
            matrix.check(response.status_code == expected_status, f"{cell} view #{obj.pk}: {response.status_code}, expected {expected_status}")
        for obj in hidden[:2]:
            obj_url = reverse(f"admin:{info}_change", args=[obj.pk])
            response = client.get(obj_url)
            matrix.check(is_denied(response, obj_url), f"{cell} view hidden #{obj.pk}: {response.status_code}")
            if response.status_code == 200:
                continue
            # change (POST) of a hidden record: denied, nothing changed
            before = snapshot(model, obj.pk)
            response = client.post(obj_url, {"_save": "1"})
            matrix.check(is_denied(response, obj_url), f"{cell} change hidden #{obj.pk}: {response.status_code}")
            matrix.check(snapshot(model, obj.pk) == before, f"{cell} change hidden #{obj.pk}: the record changed")

        # history
        history_name = f"admin:{info}_history"
        for obj in visible[:1]:
            response = client.get(reverse(history_name, args=[obj.pk]))
            expected_status = 200 if may_view else 403
            matrix.check(response.status_code == expected_status, f"{cell} history #{obj.pk}: {response.status_code}, expected {expected_status}")
        for obj in hidden[:2]:
            history_url = reverse(history_name, args=[obj.pk])
            response = client.get(history_url)
            matrix.check(is_denied(response), f"{cell} history of hidden #{obj.pk}: {response.status_code}")
            if has_history:
                record = model.history.filter(**{opts.pk.attname: obj.pk}).order_by("-history_id").first()
                if record is not None:
                    version_url = reverse(f"admin:{info}_simple_history", args=[obj.pk, record.history_id])
                    response = client.get(version_url)
                    matrix.check(is_denied(response), f"{cell} history version of hidden #{obj.pk}: {response.status_code}")
                    before = snapshot(model, obj.pk)
                    response = client.post(version_url, {"_change_history": "1"})
                    matrix.check(is_denied(response), f"{cell} revert hidden #{obj.pk}: {response.status_code}")
                    matrix.check(snapshot(model, obj.pk) == before, f"{cell} revert hidden #{obj.pk}: the record changed")

        # export (django-import-export, CSV with every column): only the visible rows leave the system
        if exports:
            export_url = reverse(f"admin:{info}_export")
            page = client.get(export_url)
            if not may_view:
                matrix.check(page.status_code == 403, f"{cell} export page: {page.status_code}, expected 403")
                response = client.post(export_url, {"format": "1"})
                matrix.check(response.status_code == 403, f"{cell} export: {response.status_code}, expected 403")
            else:
                matrix.check(page.status_code == 200, f"{cell} export page: {page.status_code}")
                response = client.post(export_url, export_form_data(page.content.decode()))
                matrix.check("Content-Disposition" in response, f"{cell} export: no file ({response.status_code})")
                body = response.content.decode("utf-8", "replace")
                key = row.extra["export_key"]
                leaked = [obj.pk for obj in hidden if str(getattr(obj, key)) in body]
                missing = [obj.pk for obj in visible if str(getattr(obj, key)) not in body]
                matrix.check(not leaked and not missing, f"{cell} export: leaks {leaked} / misses {missing}")

        # transitions through the admin transition URL: hidden records → denied, unchanged, unlogged
        if is_fsm:
            for obj in hidden[:2]:
                before, logs = snapshot(model, obj.pk), TransitionLog.objects.count()
                for name in transitions_from(obj):
                    response = client.post(reverse(f"admin:{info}_transition", args=[obj.pk, name]), {"comment": "x"})
                    matrix.check(is_denied(response, reverse(f"admin:{info}_change", args=[obj.pk])),
                                 f"{cell} transition {name} on hidden #{obj.pk}: {response.status_code}")
                matrix.check(snapshot(model, obj.pk) == before, f"{cell} transitions on hidden #{obj.pk}: the record changed")
                matrix.check(TransitionLog.objects.count() == logs, f"{cell} transitions on hidden #{obj.pk}: logged")
            # visible records, steps the role may not take: unchanged
            for obj in visible[:2]:
                before, logs = snapshot(model, obj.pk), TransitionLog.objects.count()
                for name in transitions_from(obj):
                    meta = getattr(type(obj), name)._django_fsm
                    if meta.has_transition_perm(obj, meta.field.get_state(obj), user):
                        continue
                    client.post(reverse(f"admin:{info}_transition", args=[obj.pk, name]), {"comment": "x"})
                    matrix.cells += 1
                matrix.check(
                    snapshot(model, obj.pk) == before or any(
                        getattr(type(obj), n)._django_fsm.has_transition_perm(obj, getattr(type(obj), n)._django_fsm.field.get_state(obj), user)
                        for n in transitions_from(obj)
                    ),
                    f"{cell} forged transition on visible #{obj.pk}: the record changed",
                )
                matrix.check(
                    TransitionLog.objects.count() == logs
                    or any(
                        getattr(type(obj), n)._django_fsm.has_transition_perm(obj, getattr(type(obj), n)._django_fsm.field.get_state(obj), user)
                        for n in transitions_from(obj)
                    ),
                    f"{cell} forged transition on visible #{obj.pk}: logged",
                )

        # files (PDF letters, CSV): hidden records → denied
        for name in row.files:
            for obj in hidden[:2]:
                response = client.get(reverse(f"admin:{name}", args=[obj.pk]))
                matrix.check(is_denied(response), f"{cell} {name} of hidden #{obj.pk}: {response.status_code}")
                matrix.check(not response.get("Content-Type", "").startswith(("application/pdf", "text/csv")) or response.status_code != 200,
                             f"{cell} {name} of hidden #{obj.pk}: file served")
            for obj in visible[:1]:
                response = client.get(reverse(f"admin:{name}", args=[obj.pk]))
                if may_view:
                    # 200 with the file, or back to the record with the reason it has none yet
                    matrix.check(response.status_code in (200, 302, 404), f"{cell} {name} #{obj.pk}: {response.status_code}")
                else:
                    matrix.check(response.status_code == 403, f"{cell} {name} #{obj.pk}: {response.status_code}, expected 403")
        client.logout()

    CELLS["admin"] += matrix.cells
    matrix.assert_clean(label)


def export_form_data(html: str) -> dict:
    """The export form filled in: CSV, every column ticked."""
    import re

    fields = dict.fromkeys(set(re.findall(r'name="(\w+resource_\w+)"', html)), "on")
    csv_value = next(value for value, label in re.findall(r'<option value="(\d+)"[^>]*>\s*([^<]+?)\s*<', html) if label.lower() == "csv")
    resource = re.search(r'name="resource"[^>]*value="([^"]*)"', html)
    return {"format": csv_value, "resource": resource.group(1) if resource else "0", **fields}


# --- the API --------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", sorted(API_EXPECTATIONS))
def test_api_matrix(world_db, prefix):
    cls, patterns = api_viewset_routes()[prefix]
    label = API_EXPECTATIONS[prefix]
    row = EXPECTATIONS[label]
    model = cls.queryset.model
    objects = list(model._base_manager.all())
    users = world_db["users"]
    matrix = Matrix()
    detail_actions = [
        (route, name, actions) for route, name, actions in patterns
        if "(?P<pk>" in route and "post" in actions
    ]
    list_actions = [(route, name, actions) for route, name, actions in patterns if "(?P<pk>" not in route]
    for route, _name, actions in list_actions:
        if actions.get("get") not in (None, "list"):
            key = route[len("api/v1/"):].replace("^", "").replace("$", "").rstrip("/")
            assert key in API_AGGREGATES, f"{key}: a list-level API route the matrix does not know"

    for username in [*USERNAMES, "admin"]:
        user = get_user_model().objects.get(pk=users[username].pk)
        api = APIClient()
        api.force_authenticate(user)
        cell = f"api {prefix} × {username}"
        expected = expected_pks(user, model, row, objects)
        hidden = [obj for obj in objects if obj.pk not in expected]
        visible = [obj for obj in objects if obj.pk in expected]

        response = api.get(f"/api/v1/{prefix}/")
        if response.status_code == 200:
            data = response.json()
            results = data["results"] if isinstance(data, dict) and "results" in data else data
            listed = {item["id"] for item in results}
            total = data.get("count", len(results)) if isinstance(data, dict) else len(results)
            if total <= len(results):
                matrix.check(listed == expected, f"{cell} list: leaks {sorted(listed - expected)} / misses {sorted(expected - listed)}")
            else:
                matrix.check(listed <= expected, f"{cell} list: leaks {sorted(listed - expected)}")
        else:
            matrix.check(response.status_code in DENIED and not expected, f"{cell} list: {response.status_code}")

        for obj in visible[:1]:
            response = api.get(f"/api/v1/{prefix}/{obj.pk}/")
            matrix.check(response.status_code == 200, f"{cell} detail #{obj.pk}: {response.status_code}, expected 200")
        for obj in hidden[:2]:
            response = api.get(f"/api/v1/{prefix}/{obj.pk}/")
            matrix.check(response.status_code in DENIED, f"{cell} detail hidden #{obj.pk}: {response.status_code}")
            before, logs = snapshot(model, obj.pk), TransitionLog.objects.count()
            response = api.patch(f"/api/v1/{prefix}/{obj.pk}/", {"description": "forged"}, format="json")
            matrix.check(response.status_code in DENIED | {405}, f"{cell} patch hidden #{obj.pk}: {response.status_code}")
            for route, name, _actions in detail_actions:
                kwargs = {"pk": obj.pk}
                if "device_id" in route:
                    device = obj.devices.first()
                    if device is None:
                        continue
                    kwargs["device_id"] = device.pk
                path = route_path(route, kwargs)
                response = api.post(path, {"comment": "forged"}, format="json")
                matrix.check(response.status_code in DENIED, f"{cell} POST {name} on hidden #{obj.pk}: {response.status_code}")
            matrix.check(snapshot(model, obj.pk) == before, f"{cell} hidden #{obj.pk}: the record changed")
            matrix.check(TransitionLog.objects.count() == logs, f"{cell} hidden #{obj.pk}: a transition was logged")

    CELLS["api"] += matrix.cells
    matrix.assert_clean()


def route_path(route, kwargs):
    """The path of a router route (``api/v1/^x/(?P<pk>[^/.]+)/y/$``) with its arguments filled in."""
    import re

    path = "/" + route.replace("^", "").replace("$", "")
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), path)


def test_models_are_django_models():
    for label in EXPECTATIONS:
        assert issubclass(admin_models()[label], Model)
    assert HistoricalChanges  # simple-history's base is importable (history rows exist)
