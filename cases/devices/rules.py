"""Deadline rules of seed 000 (Order No. 546/НҚ of 31.10.2025), chapter 3-1 of the Rules for
registering subscriber devices of cellular communication, and its Appendix (the demand form).

- p. 20-3 / 20-7: the identification-code database operator notifies the mobile operator
  within 1 (one) hour of receiving the demand (clock hours);
- p. 20-4 / 20-8: the mobile operator suspends / restores service within 3 (three) working
  hours of receiving the notification — working hours of the mobile operator's own schedule;
- Appendix (form): "осы талапты алған сәттен бастап 24 сағат ішінде хабарлауды сұраймыз" —
  the requester asks to be informed within 24 hours of the demand's receipt.
"""

from cases.rules import DeadlineRule

NOTIFY_SUSPEND = DeadlineRule("s000.notify_suspend", 1, "hours", "№ 546/НҚ бұйрық, 20-3-т.")
NOTIFY_RESTORE = DeadlineRule("s000.notify_restore", 1, "hours", "№ 546/НҚ бұйрық, 20-7-т.")
EXECUTE_SUSPEND = DeadlineRule("s000.execute_suspend", 3, "working_hours", "№ 546/НҚ бұйрық, 20-4-т.")
EXECUTE_RESTORE = DeadlineRule("s000.execute_restore", 3, "working_hours", "№ 546/НҚ бұйрық, 20-8-т.")
INFORM_REQUESTER = DeadlineRule(
    "s000.inform_requester", 24, "hours", "№ 546/НҚ бұйрық, қосымша (талап нысаны): «24 сағат ішінде хабарлауды сұраймыз»"
)


def notify_rule(kind: str) -> DeadlineRule:
    from .models import DemandKind

    return NOTIFY_SUSPEND if kind == DemandKind.SUSPEND else NOTIFY_RESTORE


def execute_rule(kind: str) -> DeadlineRule:
    from .models import DemandKind

    return EXECUTE_SUSPEND if kind == DemandKind.SUSPEND else EXECUTE_RESTORE
