"""Cases of any procedure, built generically (the procedures' own factories live with them):
every required field gets a plausible value; rows are inserted with bulk_create so no
transition or legal-act check runs — the monitoring code only needs real case rows."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from cases.models import Deadline
from cases.monitoring.status import procedure_models
from registries.models import Organisation

_counter = itertools.count(1)


def _value(field, organisation, user):
    if isinstance(field, models.ForeignKey):
        related = field.related_model
        if related is Organisation:
            return organisation
        if related is get_user_model():
            return user
        existing = related._default_manager.first()
        return existing if existing is not None else build_instance(related, organisation, user)
    if field.choices:
        return field.choices[0][0]
    n = next(_counter)
    if isinstance(field, models.EmailField):
        return f"case{n}@example.kz"
    if isinstance(field, models.URLField):
        return f"https://example.kz/{n}"
    if isinstance(field, (models.CharField, models.TextField)):
        return f"{n}"[: field.max_length or 20].rjust(min(field.max_length or 12, 12), "7")
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return date.today()
    if isinstance(field, models.TimeField):
        return timezone.now().time()
    if isinstance(field, models.DurationField):
        return timedelta(hours=1)
    if isinstance(field, models.DecimalField):
        return Decimal("1")
    if isinstance(field, (models.IntegerField, models.FloatField)):
        return 1
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.FileField):
        return f"monitoring-test/{n}.png"
    if isinstance(field, models.GenericIPAddressField):
        return "10.0.0.1"
    if isinstance(field, models.UUIDField):
        import uuid

        return uuid.uuid4()
    raise TypeError(f"No test value for {field!r}")


def build_instance(model, organisation, user, **overrides):
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in overrides:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if field.null or field.has_default() or (field.blank and not isinstance(field, models.ForeignKey)):
            if not (field.blank and isinstance(field, (models.CharField, models.TextField))):
                continue
            values[field.name] = field.get_default() if field.has_default() else ""
            continue
        values[field.name] = _value(field, organisation, user)
    values.update(overrides)
    instance = model(**values)
    model._default_manager.bulk_create([instance])
    if instance.pk is None:
        instance = model._default_manager.order_by("-pk").first()
    return instance


def case_model(prefer=("devices.demanddevice", "platforms.platformcase", "violations.violationreport", "egov.complaint", "devices.devicedemand")):
    models_by_label = {m._meta.label_lower: m for m in procedure_models()}
    for label in prefer:
        if label in models_by_label:
            return models_by_label[label]
    return next(iter(models_by_label.values()))


def make_case(world, model=None, organisation_key="info_committee", user_key="officer", **overrides):
    model = model or case_model()
    return build_instance(model, world["organisations"][organisation_key], world["users"][user_key], **overrides)


class DeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deadline

    rule_code = "test.rule"
    citation = "Бұйрық № 267-НҚ (seed 004), 5-т."
    start = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    due = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
