"""Demo device demands (seed 000, ch. 3-1): one demand in every state — a draft, one sent by
post and awaiting its recorded receipt, one received, one half-executed (one line executed by
Kcell, Kcell's other line and Beeline's line pending), one executed (a restoration), one informed and one withdrawn — built through the
services with past times (``occurred_at``, as cases in progress are brought in at go-live), so
an official opening the demo sees real work. Idempotent: demands are keyed by their outgoing
number."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import services
from .models import DemandKind, DeviceDemand

# valid IMEIs (Luhn) used only by the demo
DEMO_DEVICES = {
    "a": ("356938035643809", "+77012345678", "kcell"),
    "b": ("490154203237518", "+77475550142", "beeline"),
    "c": ("352099001761481", "+77781234567", "kcell"),
    "d": ("353918058837473", "+77056781234", "beeline"),
    "e": ("861536030196001", "+77023456789", "kcell"),
    "f": ("356938035643817", "+77017654321", "kcell"),
    "g": ("490154203237526", "+77471234455", "beeline"),
    "h": ("352099001761499", "+77015556677", "kcell"),
    "i": ("353918058837481", "+77058889900", "beeline"),
}

KARAGANDA = "ҚР ІІМ ҚАЖК Қарағанды облысы бойынша ДҚД, ЕЦ-166/1 мекемесі"
ALMATY = "ҚР ІІМ ҚАЖК Алматы облысы бойынша ДҚД, ЛА-155/18 тергеу изоляторы"
ASTANA = "ҚР ІІМ ҚАЖК Астана қаласы бойынша ДҚД, ЕЦ-166/27 мекемесі"

# reference, kind, institution, devices, and each step with how many hours ago it happened;
# ("execute", hours, keys) executes those lines by their own mobile operator. A demand sent hours
# ago is brought in as sent outside the system (by post, before go-live): the database operator
# records its receipt (a demand sent through the system is received when sent).
DEMO_DEMANDS = (
    ("ҚАЖК-2026/0411", DemandKind.SUSPEND, KARAGANDA, "ab", (
        ("send", 50), ("receive", 49.5), ("notify_operators", 49.25), ("execute", 48, "a"), ("execute", 47.5, "b"),
        ("inform_requester", 46),
    )),
    ("ҚАЖК-2026/0438", DemandKind.RESTORE, KARAGANDA, "b", (
        ("send", 30), ("receive", 29.8), ("notify_operators", 29.6), ("execute", 28, "b"),
    )),
    ("ҚАЖК-2026/0452", DemandKind.SUSPEND, ALMATY, "cfd", (
        ("send", 6), ("receive", 5.9), ("notify_operators", 5.8), ("execute", 5, "c"),
    )),
    ("ҚАЖК-2026/0460", DemandKind.SUSPEND, ASTANA, "e", (("send", 0.75), ("receive", 0.5))),
    ("ҚАЖК-2026/0466", DemandKind.SUSPEND, ASTANA, "i", (("send", 20), ("withdraw", 19))),
    ("ҚАЖК-2026/0471", DemandKind.SUSPEND, ALMATY, "g", (("send", 0.25),)),
    ("ҚАЖК-2026/0475", DemandKind.SUSPEND, KARAGANDA, "h", ()),
)

ANSWER = "Талапта көрсетілген құрылғылардың байланыс қызметтері тоқтатылды."
WITHDRAWAL = "Талап қате ресімделді: IMEI басқа мекемеге тиесілі. Түзетілген талап жеке жіберіледі."


def _create(world, reference, kind, institution, keys):
    orgs, users = world["organisations"], world["users"]
    penitentiary = orgs["penitentiary"]
    lines = [{"imei": DEMO_DEVICES[k][0], "phone": DEMO_DEVICES[k][1], "operator": orgs[DEMO_DEVICES[k][2]]} for k in keys]
    return services.create_demand(
        kind=kind, penitentiary=penitentiary, db_operator=orgs["imei_db"], institution=institution,
        reference=reference, signatory_position=penitentiary.head_position or "Басшы",
        signatory_name=penitentiary.head_name or "Сейітов Марат Әділбекұлы", lines=lines, created_by=users["penitentiary"],
    )


def _take(world, demand, step, at, keys=""):
    users = world["users"]
    if step == "execute":
        for key in keys:
            imei, _phone, operator = DEMO_DEVICES[key]
            services.device_demand_execute_device(
                case=demand, actor=users[operator], devices=[demand.devices.get(imei=imei)], occurred_at=at
            )
        return
    extra = {"answer": ANSWER} if step == "inform_requester" else {"reason": WITHDRAWAL} if step == "withdraw" else {}
    actor = users["penitentiary"] if step in ("send", "withdraw") else users["imei_db"]
    getattr(services, f"device_demand_{step}")(case=demand, actor=actor, occurred_at=at, **extra)


@transaction.atomic
def load(world):
    now = timezone.now()
    for reference, kind, institution, keys, steps in DEMO_DEMANDS:
        if DeviceDemand.objects.filter(reference=reference).exists():
            continue
        demand = _create(world, reference, kind, institution, keys)
        for step, hours, *lines in steps:
            _take(world, demand, step, now - timedelta(hours=hours), *lines)
