"""Factories and helpers for the device-demand tests (seed 000, ch. 3-1)."""

import itertools

import factory

from cases.devices import services
from cases.devices.models import DemandKind, DeviceDemand
from registries.validators import luhn_valid

_serial = itertools.count(100000)


def make_imei(prefix: str = "35693803") -> str:
    """A fresh valid IMEI (15 digits, Luhn check digit)."""
    body = f"{prefix}{next(_serial):06d}"[:14]
    for check in "0123456789":
        if luhn_valid(body + check):
            return body + check
    raise AssertionError("unreachable")


def bad_luhn(imei: str) -> str:
    last = (int(imei[-1]) + 1) % 10
    return imei[:-1] + str(last)


_phones = itertools.count(1000000)


def make_phone(prefix: str = "701") -> str:
    return f"+7{prefix}{next(_phones):07d}"


class DeviceDemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeviceDemand

    kind = DemandKind.SUSPEND
    institution = "ҚР ІІМ ҚАЖК Қарағанды облысы бойынша ДҚД, ЕЦ-166/1 мекемесі"
    signatory_position = "Басшы"
    signatory_name = "Сейітов Марат Әділбекұлы"


def create_demand(demo, kind=DemandKind.SUSPEND, lines=None, operators=("kcell",), penitentiary=None, **extra):
    """A draft demand through the service (rules applied), one line per operator key by default."""
    orgs = demo["organisations"]
    if lines is None:
        lines = [{"imei": make_imei(), "phone": make_phone(), "operator": orgs[key] if key else None} for key in operators]
    return services.create_demand(
        kind=kind,
        penitentiary=penitentiary or orgs["penitentiary"],
        db_operator=orgs["imei_db"],
        institution=extra.pop("institution", "ЕЦ-166/1 мекемесі"),
        signatory_position=extra.pop("signatory_position", "Басшы"),
        signatory_name=extra.pop("signatory_name", "Сейітов Марат Әділбекұлы"),
        lines=lines,
        created_by=demo["users"]["penitentiary"],
        **extra,
    )


def advance(demand, demo, to="notified", since=None):
    """Run the chain up to ``to`` (sent, received, notified, executed) with the demo users,
    through each step's one service; with ``since`` (a past moment) the steps are recorded
    afterwards, one minute apart from it."""
    from datetime import timedelta

    from django.utils import timezone

    from cases.devices.models import DemandState

    users = demo["users"]
    moments = iter(since + timedelta(minutes=i) for i in range(100)) if since else iter(lambda: None, 0)
    # sent through the system, a demand is received when sent (p. 20-3); "sent" alone, or a
    # demand brought in with past times, is one sent outside the system (by post)
    sent_at = next(moments) or (timezone.now() if to == "sent" else None)
    services.device_demand_send(case=demand, actor=users["penitentiary"], occurred_at=sent_at)
    if to == "sent":
        return demand
    if demand.state == DemandState.SENT:
        services.device_demand_receive(case=demand, actor=users["imei_db"], occurred_at=next(moments))
    if to == "received":
        return demand
    services.device_demand_notify_operators(case=demand, actor=users["imei_db"], occurred_at=next(moments))
    if to == "notified":
        return demand
    for device in demand.devices.select_related("operator").order_by("row"):
        username = {"kcell": "kcell", "beeline": "beeline"}[_key_of(device.operator, demo)]
        services.device_demand_execute_device(case=demand, actor=users[username], devices=[device], occurred_at=next(moments))
    demand.refresh_from_db()
    return demand


def execute(demand, device, user, **kwargs):
    """One line executed by ``user`` (the execution step's service); returns the line."""
    (line,) = services.device_demand_execute_device(case=demand, actor=user, devices=[getattr(device, "pk", device)], **kwargs)
    return line


def _key_of(organisation, demo):
    for key, org in demo["organisations"].items():
        if org.pk == organisation.pk:
            return key
    raise KeyError(organisation)
