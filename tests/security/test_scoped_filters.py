"""List filters name only what the user may see (cases.admin_mixins.ScopedRelatedFieldListFilter,
applied by ScopedAdminMixin to every related-field filter). The whole walk over every admin and
role is tests/security/test_panel_matrix.py; these prove the mechanism on a small world."""

import pytest
from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.urls import reverse

from cases.admin_mixins import ScopedAdminMixin, ScopedRelatedFieldListFilter
from cases.platforms.models import PlatformCase
from registries.models import Organisation

CHANGELIST = reverse("admin:platforms_platformcase_changelist")


def _related_filter(response, field_name):
    return next(
        spec for spec in response.context["cl"].filter_specs
        if isinstance(spec, RelatedFieldListFilter) and spec.field.name == field_name
    )


@pytest.mark.django_db
def test_a_related_filter_offers_only_visible_organisations(demo, client):
    """The STS operator's "STS" filter on the platform cases offers its own organisation, not the
    list of every organisation in the system."""
    user = demo["users"]["sts"]
    client.force_login(user)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    offered = {int(pk) for pk, _label in _related_filter(response, "sts").lookup_choices}
    visible = set(Organisation.objects.visible_to(user).values_list("pk", flat=True))
    assert offered <= visible
    hidden = demo["organisations"]["prosecutor"]
    assert hidden.pk not in offered
    assert hidden.name_kk not in response.content.decode()


@pytest.mark.django_db
def test_the_authorised_body_keeps_the_full_list(demo, client):
    client.force_login(demo["users"]["officer"])
    response = client.get(CHANGELIST)
    offered = {int(pk) for pk, _label in _related_filter(response, "sts").lookup_choices}
    assert demo["organisations"]["sts"].pk in offered


def test_every_scoped_admin_uses_the_scoped_filter_for_relations():
    """Every related-field filter of every scoped admin is the scoped one (a new admin or filter
    joins by itself): checked on the declared ``list_filter`` as the mixin rewrites it."""
    from cases.admin_mixins import scoped_list_filter

    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ScopedAdminMixin):
            continue
        for entry in model_admin.list_filter:
            rewritten = scoped_list_filter(model, entry)
            if isinstance(rewritten, tuple) and isinstance(rewritten[1], type) and issubclass(rewritten[1], RelatedFieldListFilter):
                assert issubclass(rewritten[1], ScopedRelatedFieldListFilter), f"{model._meta.label}: {entry}"
    assert scoped_list_filter(PlatformCase, "sts") == ("sts", ScopedRelatedFieldListFilter)
    assert scoped_list_filter(PlatformCase, "state") == "state"
    assert scoped_list_filter(PlatformCase, "platform__kind") == "platform__kind"
