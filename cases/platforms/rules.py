"""Deadline rules of seed 004 (Order No. 267-НҚ of 24.06.2024), each with its clause."""

from cases.rules import DeadlineRule

#: p. 5: the warning letter (Appendix 1) within three working days of detection.
WARNING_LETTER = DeadlineRule("s004.warning_letter", 3, "working_days", "№ 267-НҚ бұйрық, 5-т.")

#: p. 6: the notice (Appendix 2) within three working days of detection.
NOTICE = DeadlineRule("s004.notice", 3, "working_days", "№ 267-НҚ бұйрық, 6-т.")

#: Appendix 2 text: the restriction instruction within six hours of the platform's receipt of
#: the notice, for non-removal of the identified violations.
RESTRICTION_AFTER_NOTICE = DeadlineRule(
    "s004.restriction_after_notice", 6, "hours", "№ 267-НҚ бұйрық, 2-қосымша (алты сағат ішінде)"
)

#: p. 7: the request to the STS for traffic statistics within eight months of the notice.
STATISTICS_REQUEST = DeadlineRule("s004.statistics_request", 8, "months", "№ 267-НҚ бұйрық, 7-т.")

#: p. 8: the STS answers within 15 calendar days of receiving the request.
STATISTICS_ANSWER = DeadlineRule("s004.statistics_answer", 15, "calendar_days", "№ 267-НҚ бұйрық, 8-т.")

#: Appendix 3, point 2 (and p. 10): the STS reports execution within 10 тәулік of receipt.
THROTTLE_REPORT = DeadlineRule("s004.throttle_report", 10, "days24", "№ 267-НҚ бұйрық, 10-т., 3-қосымша 2-т.")

#: p. 9: the window of the level in force ends 8 months (10 %) or 1 year (50 %) after the notice;
#: if the platform has still not complied by then, the next level is due for decision. The
#: deadline reminders (cases.monitoring) tell the officials when a window has passed — this is
#: the periodic throttling-window check. After the 90 % window the Rules set no further level.
THROTTLE_WINDOWS = {
    10: DeadlineRule("s004.throttle_window_10", 8, "months", "№ 267-НҚ бұйрық, 9-т. 1)–2) тт."),
    50: DeadlineRule("s004.throttle_window_50", 12, "months", "№ 267-НҚ бұйрық, 9-т. 2)–3) тт."),
}

ALL_RULES = (
    WARNING_LETTER,
    NOTICE,
    RESTRICTION_AFTER_NOTICE,
    STATISTICS_REQUEST,
    STATISTICS_ANSWER,
    THROTTLE_REPORT,
    *THROTTLE_WINDOWS.values(),
)
