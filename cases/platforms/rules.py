"""Deadline rules of seed 004 (Order No. 267-НҚ of 24.06.2024), each with its clause, and the
citations of its steps."""

from django.utils.translation import gettext_lazy as _

from cases.deadlines import DeadlineUnit
from cases.rules import DeadlineRule, rules_clause

#: The approving order: its p. 1 approves the Rules ("Қоса беріліп отырған … қағидалар бекітілсін");
#: every clause below is a point of those Rules, not of the order (whose p. 5 is its entry into force).
ORDER = "№ 267-НҚ"
#: Law on Communications, Art. 41-1 p. 1-1: the authorised body's instruction restricting access
#: (quoted by Appendix 3 as the basis of the Committee's instructions).
ART_41_1 = "«Байланыс туралы» ҚР Заңының 41-1-бабы 1-1-т."
#: Law on Online Platforms and Online Advertising, Art. 9 p. 1: the legal representative.
ART_9 = "«Онлайн-платформалар және онлайн-жарнама туралы» ҚР Заңының 9-бабы 1-т."

#: p. 5: the warning letter (Appendix 1) within three working days of detection.
WARNING_LETTER = DeadlineRule(
    "s004.warning_letter", 3, DeadlineUnit.WORKING_DAYS, rules_clause(ORDER, 5),
    label=_("Send the warning letter (Appendix 1)"),
)

#: p. 6: the notice (Appendix 2) within three working days of detection.
NOTICE = DeadlineRule(
    "s004.notice", 3, DeadlineUnit.WORKING_DAYS, rules_clause(ORDER, 6),
    label=_("Send the legal-representative notice (Appendix 2)"),
)

#: Appendix 2 text: the restriction instruction within six hours of the platform's receipt of
#: the notice, for non-removal of the identified violations.
RESTRICTION_AFTER_NOTICE = DeadlineRule(
    "s004.restriction_after_notice", 6, DeadlineUnit.HOURS, f"{rules_clause(ORDER, appendix=2)} (алты сағат ішінде)",
    label=_("Restrict access after the notice (six hours)"),
)

#: Appendix 2 text: the six hours run "хабарлама хатын алған кезден бастап" — from the platform's
#: receipt of the notice, which the official records (a foreign platform answers by e-mail or fax,
#: outside the system). Until it is recorded the six hours cannot start, so a notice naming
#: identified violations reminds the official to record the receipt. The act sets no term for
#: recording it: one working day is the reminder's (not a legal) term.
NOTICE_RECEIPT = DeadlineRule(
    "s004.notice_receipt", 1, DeadlineUnit.WORKING_DAYS,
    f"{rules_clause(ORDER, appendix=2)} (хабарлама хатын алған кезден бастап)",
    label=_("Record the platform's receipt of the notice"),
)

#: p. 7: the request to the STS for traffic statistics within eight months of the notice.
STATISTICS_REQUEST = DeadlineRule(
    "s004.statistics_request", 8, DeadlineUnit.MONTHS, rules_clause(ORDER, 7),
    label=_("Request traffic statistics from the STS"),
)

#: p. 8: the STS answers within 15 calendar days of receiving the request.
STATISTICS_ANSWER = DeadlineRule(
    "s004.statistics_answer", 15, DeadlineUnit.CALENDAR_DAYS, rules_clause(ORDER, 8),
    label=_("Send the traffic statistics to the authorised body"),
)

#: Appendix 3, point 2 (and p. 10): the STS reports execution within 10 тәулік of receipt.
THROTTLE_REPORT = DeadlineRule(
    "s004.throttle_report", 10, DeadlineUnit.DAYS24, f"{rules_clause(ORDER, 10)}; {rules_clause(ORDER, appendix=3)}ның 2-тармағы",
    label=_("Report the execution of the throttling instruction"),
)

#: p. 9: the window of the level in force ends 8 months (10 %) or 1 year (50 %) after the notice;
#: if the platform has still not complied by then, the next level is due for decision. The
#: deadline reminders (cases.monitoring) tell the officials when a window has passed — this is
#: the periodic throttling-window check. After the 90 % window the Rules set no further level.
THROTTLE_WINDOWS = {
    10: DeadlineRule(
        "s004.throttle_window_10", 8, DeadlineUnit.MONTHS, rules_clause(ORDER, 9, ["1)", "2)"]),
        label=_("End of the 10 % throttling window"),
    ),
    50: DeadlineRule(
        "s004.throttle_window_50", 12, DeadlineUnit.MONTHS, rules_clause(ORDER, 9, ["2)", "3)"]),
        label=_("End of the 50 % throttling window"),
    ),
}

ALL_RULES = (
    WARNING_LETTER,
    NOTICE,
    NOTICE_RECEIPT,
    RESTRICTION_AFTER_NOTICE,
    STATISTICS_REQUEST,
    STATISTICS_ANSWER,
    THROTTLE_REPORT,
    *THROTTLE_WINDOWS.values(),
)


class Cite:
    """The clause of each step (``custom["citation"]`` of its transition)."""

    DETECT = rules_clause(ORDER, [3, 4])
    SEND_WARNING = f"{WARNING_LETTER.citation}; {rules_clause(ORDER, appendix=1)}"
    CONFIRM_REMOVAL = rules_clause(ORDER, 5)
    ORDER_RESTRICTION = f"{ART_41_1}; {rules_clause(ORDER, 1)}"
    SEND_NOTICE = f"{NOTICE.citation}; {rules_clause(ORDER, appendix=2)}"
    NOTICE_RECEIPT = rules_clause(ORDER, appendix=2)
    RESTRICTION_AFTER_NOTICE = f"{RESTRICTION_AFTER_NOTICE.citation}; {ART_41_1}"
    CONTENT_REMOVAL = rules_clause(ORDER, appendix=2)
    CONFIRM_REPRESENTATIVE = ART_9
    REQUEST_STATISTICS = STATISTICS_REQUEST.citation
    SUBMIT_STATISTICS = STATISTICS_ANSWER.citation
    ISSUE_THROTTLE = f"{rules_clause(ORDER, 9)}; {rules_clause(ORDER, appendix=3)}"
    ESCALATE_THROTTLE = rules_clause(ORDER, 9)
    REPORT_EXECUTION = THROTTLE_REPORT.citation
    LIFT_LIMITS = f"{ART_9}; {ART_41_1}"
    #: The grounds of p. 5 (a violation) and p. 6 (a foreign platform above 100,000 daily users
    #: without a representative) are absent: the case ends without a letter.
    WITHDRAW = f"{rules_clause(ORDER, [5, 6])}; {ART_9}"
