"""Demo device demands (seed 000, ch. 3-1): a few realistic cases in different states so an
official opening the demo sees real work. Idempotent: demands are keyed by their outgoing
number."""


from django.db import transaction

from cases.services import run_transition

from . import services
from .models import DemandKind, DeviceDemand

# valid IMEIs (Luhn) used only by the demo
DEMO_DEVICES = {
    "a": ("356938035643809", "+77012345678", "kcell"),
    "b": ("490154203237518", "+77475550142", "beeline"),
    "c": ("352099001761481", "+77781234567", "kcell"),
    "d": ("353918058837473", "+77056781234", "beeline"),
    "e": ("861536030196001", "+77023456789", "kcell"),
}

DEMO_DEMANDS = (
    # reference, kind, institution, devices, how far
    ("ҚАЖК-2026/0411", DemandKind.SUSPEND, "ҚР ІІМ ҚАЖК Қарағанды облысы бойынша ДҚД, ЕЦ-166/1 мекемесі", "ab", "informed"),
    ("ҚАЖК-2026/0438", DemandKind.RESTORE, "ҚР ІІМ ҚАЖК Қарағанды облысы бойынша ДҚД, ЕЦ-166/1 мекемесі", "b", "executed"),
    ("ҚАЖК-2026/0452", DemandKind.SUSPEND, "ҚР ІІМ ҚАЖК Алматы облысы бойынша ДҚД, ЛА-155/18 тергеу изоляторы", "cd", "partial"),
    ("ҚАЖК-2026/0460", DemandKind.SUSPEND, "ҚР ІІМ ҚАЖК Астана қаласы бойынша ДҚД, ЕЦ-166/27 мекемесі", "e", "received"),
)


@transaction.atomic
def load(world):
    orgs, users = world["organisations"], world["users"]
    for reference, kind, institution, keys, target in DEMO_DEMANDS:
        if DeviceDemand.objects.filter(reference=reference).exists():
            continue
        lines = [{"imei": DEMO_DEVICES[k][0], "phone": DEMO_DEVICES[k][1], "operator": orgs[DEMO_DEVICES[k][2]]} for k in keys]
        penitentiary = orgs["penitentiary"]
        demand = services.create_demand(
            kind=kind, penitentiary=penitentiary, db_operator=orgs["imei_db"], institution=institution,
            reference=reference, signatory_position=penitentiary.head_position or "Басшы",
            signatory_name=penitentiary.head_name, lines=lines, created_by=users["penitentiary"],
        )
        run_transition(demand, "send", users["penitentiary"])
        run_transition(demand, "receive", users["imei_db"])
        if target == "received":
            continue
        run_transition(demand, "notify_operators", users["imei_db"])
        devices = list(demand.devices.select_related("operator").order_by("row"))
        if target == "partial":
            devices = devices[:1]
        for device in devices:
            operator_user = users["kcell"] if device.operator == orgs["kcell"] else users["beeline"]
            services.execute_device(demand, device.pk, operator_user)
        if target == "informed":
            demand.refresh_from_db()
            run_transition(demand, "inform_requester", users["imei_db"],
                           answer="Талапта көрсетілген құрылғылардың байланыс қызметтері тоқтатылды.")
