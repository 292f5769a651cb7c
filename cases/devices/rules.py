"""Deadline rules and citations of seed 000 (Order No. 546/НҚ of 31.10.2025), chapter 3-1 of the
Rules for registering subscriber devices of cellular communication (approved by order № 226 of
23.05.2018, amended by № 546/НҚ), and its Appendix (the demand form). Each citation names the point
of the Rules (``cases.rules.rules_clause``), never the order's own point.

- p. 20-3 / 20-7: the identification-code database operator notifies the mobile operator
  within 1 (one) hour of receiving the demand (clock hours);
- p. 20-4 / 20-8: the mobile operator suspends / restores service within 3 (three) working
  hours of receiving the notification — working hours of the mobile operator's own schedule;
- Appendix (form): "осы талапты алған сәттен бастап 24 сағат ішінде хабарлауды сұраймыз" —
  the requester asks to be informed within 24 hours of the demand's receipt.
"""

from django.utils.translation import gettext_lazy as _

from cases.deadlines import DeadlineUnit
from cases.rules import DeadlineRule, rules_clause

from .choices import DemandKind

#: Order № 546/НҚ does not approve the Rules: it amends order № 226 of 23.05.2018 ("Көрсетіліп
#: отырған бұйрықпен бекітілген Ұялы байланыстың абоненттік құрылғыларын тіркеу қағидаларында …
#: 3-1-тараумен толықтырылсын", "… қосымшамен толықтырылсын"). Chapter 3-1 and its Appendix are
#: points of the Rules approved by order № 226, in the wording of № 546/НҚ.
ORDER, AMENDED_BY = "№ 226", "№ 546/НҚ"
ACT = AMENDED_BY  # the act the procedure applies (LegalAct s000)


def clause(*points: str) -> str:
    """"№ 226 бұйрықпен бекітілген Қағидалардың 20-3-тармағы (№ 546/НҚ бұйрықтың редакциясында)"."""
    return rules_clause(ORDER, list(points) if len(points) > 1 else points[0], as_amended_by=AMENDED_BY)


#: p. 20-2 / 20-6: the penitentiary-system authority sends the demand to the database operator.
CITE_SEND = clause("20-2", "20-6")
#: p. 20-3 / 20-7 count from the receipt of the demand ("талапты алған сәттен бастап").
CITE_RECEIVE = clause("20-2", "20-3", "20-6", "20-7")
CITE_NOTIFY = clause("20-3", "20-7")
CITE_EXECUTE = clause("20-4", "20-8")
#: The Appendix: one line per device (identification code and phone number), signed by the head.
CITE_FORM = f"{ORDER} бұйрықпен бекітілген Қағидаларға қосымша ({AMENDED_BY} бұйрықтың редакциясында), талап нысаны"
CITE_SIGNATORY = f"{CITE_FORM}: «Басшы … тегі, аты, әкесінің аты (бар болса)»"
#: p. 20-1 / 20-5: devices used in the institutions of the penitentiary system and in SIZOs.
CITE_INSTITUTION = clause("20-1", "20-5")
#: The act names no withdrawal of a demand sent in error: the system's own step, under the
#: authority that sends the demand (p. 20-2 / 20-6).
CITE_WITHDRAW = f"{CITE_SEND}; қате жіберілген талапты кері қайтаруды акт атамайды — жүйенің өз қадамы"

NOTIFY_SUSPEND = DeadlineRule(
    "s000.notify_suspend", 1, DeadlineUnit.HOURS, clause("20-3"),
    label=_("Notify the mobile operator of the suspension demand"),
)
NOTIFY_RESTORE = DeadlineRule(
    "s000.notify_restore", 1, DeadlineUnit.HOURS, clause("20-7"),
    label=_("Notify the mobile operator of the restoration demand"),
)
EXECUTE_SUSPEND = DeadlineRule(
    "s000.execute_suspend", 3, DeadlineUnit.WORKING_HOURS, clause("20-4"),
    label=_("Suspend the service of the devices"),
)
EXECUTE_RESTORE = DeadlineRule(
    "s000.execute_restore", 3, DeadlineUnit.WORKING_HOURS, clause("20-8"),
    label=_("Restore the service of the devices"),
)
INFORM_REQUESTER = DeadlineRule(
    "s000.inform_requester", 24, DeadlineUnit.HOURS, f"{CITE_FORM}: «24 сағат ішінде хабарлауды сұраймыз»",
    label=_("Inform the requesting authority of the execution"),
)


def notify_rule(kind: str) -> DeadlineRule:
    return NOTIFY_SUSPEND if kind == DemandKind.SUSPEND else NOTIFY_RESTORE


def execute_rule(kind: str) -> DeadlineRule:
    return EXECUTE_SUSPEND if kind == DemandKind.SUSPEND else EXECUTE_RESTORE
