"""Deadline rules and citations of seed 000 (Order No. 546/НҚ of 31.10.2025), chapter 3-1 of the
Rules for registering subscriber devices of cellular communication, and its Appendix (the demand
form).

- p. 20-3 / 20-7: the identification-code database operator notifies the mobile operator
  within 1 (one) hour of receiving the demand (clock hours);
- p. 20-4 / 20-8: the mobile operator suspends / restores service within 3 (three) working
  hours of receiving the notification — working hours of the mobile operator's own schedule;
- Appendix (form): "осы талапты алған сәттен бастап 24 сағат ішінде хабарлауды сұраймыз" —
  the requester asks to be informed within 24 hours of the demand's receipt.
"""

from cases.deadlines import DeadlineUnit
from cases.rules import DeadlineRule

from .choices import DemandKind

ACT = "№ 546/НҚ бұйрық"
#: p. 20-2 / 20-6: the penitentiary-system authority sends the demand to the database operator.
CITE_SEND = f"{ACT}, 20-2, 20-6-т."
#: p. 20-3 / 20-7 count from the receipt of the demand ("талапты алған сәттен бастап").
CITE_RECEIVE = f"{ACT}, 20-2, 20-3, 20-6, 20-7-т."
CITE_NOTIFY = f"{ACT}, 20-3, 20-7-т."
CITE_EXECUTE = f"{ACT}, 20-4, 20-8-т."
#: The Appendix: one line per device (identification code and phone number), signed by the head.
CITE_FORM = f"{ACT}, қосымша (талап нысаны)"
CITE_SIGNATORY = f"{CITE_FORM}: «Басшы … тегі, аты, әкесінің аты (бар болса)»"
#: p. 20-1 / 20-5: devices used in the institutions of the penitentiary system and in SIZOs.
CITE_INSTITUTION = f"{ACT}, 20-1, 20-5-т."
#: The act names no withdrawal of a demand sent in error: the system's own step, under the
#: authority that sends the demand (p. 20-2 / 20-6).
CITE_WITHDRAW = f"{ACT}, 20-2, 20-6-т.; қате жіберілген талапты кері қайтаруды акт атамайды — жүйенің өз қадамы"

NOTIFY_SUSPEND = DeadlineRule("s000.notify_suspend", 1, DeadlineUnit.HOURS, f"{ACT}, 20-3-т.")
NOTIFY_RESTORE = DeadlineRule("s000.notify_restore", 1, DeadlineUnit.HOURS, f"{ACT}, 20-7-т.")
EXECUTE_SUSPEND = DeadlineRule("s000.execute_suspend", 3, DeadlineUnit.WORKING_HOURS, f"{ACT}, 20-4-т.")
EXECUTE_RESTORE = DeadlineRule("s000.execute_restore", 3, DeadlineUnit.WORKING_HOURS, f"{ACT}, 20-8-т.")
INFORM_REQUESTER = DeadlineRule(
    "s000.inform_requester", 24, DeadlineUnit.HOURS, f"{CITE_FORM}: «24 сағат ішінде хабарлауды сұраймыз»"
)


def notify_rule(kind: str) -> DeadlineRule:
    return NOTIFY_SUSPEND if kind == DemandKind.SUSPEND else NOTIFY_RESTORE


def execute_rule(kind: str) -> DeadlineRule:
    return EXECUTE_SUSPEND if kind == DemandKind.SUSPEND else EXECUTE_RESTORE
