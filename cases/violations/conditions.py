"""The clauses of seed 001 (Order No. 409) the notification procedure cites, the preconditions of
its steps (pure predicates of a report, each with its message and clause: the same predicates
make the buttons, the refusals and the legal-path panel) and the answers the act makes required.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases.conditions import signatory_condition
from cases.steps import precondition
from registries.validators import required_text  # noqa: F401  (re-exported for the models)

from .choices import Channel

#: User-facing citations (Kazakh form), quoted by refusals, the admin, letters and the API.
CITE_P8 = "№ 409 бұйрық, 8-т."
CITE_P9 = "№ 409 бұйрық, 9-т."
CITE_P10 = "№ 409 бұйрық, 10-т.; «Байланыс туралы» ҚР Заңының 41-1-бабы"
CITE_P11 = "№ 409 бұйрық, 11-т."
CITE_APPENDIX_2 = "№ 409 бұйрық, 2-қосымша"


def cite(clause, note):
    """A clause with what the act does (not) say about the step, the note translated."""
    return format_lazy("{} ({})", clause, note)


# --- the clauses of the steps ---------------------------------------------------------------------

CITE_SUBMIT = "№ 409 бұйрық, 8-т.; 9-т., 2-қосымша"
CITE_REVIEW = cite("№ 409 бұйрық, 10–11-т.", _("the authorised body confirms the facts or refuses them"))
CITE_RETURN = cite(CITE_P8, _("the data are to be filled in in full; the act does not name returning for completion: the system's own step"))
CITE_CONFIRM_BY_REFERENCE = cite(CITE_P10, _("a fact already confirmed in another notification"))
CITE_CLOSE = cite(CITE_P10, _("the measures are taken; closing the case is the system's own bookkeeping"))
CITE_WITHDRAW = cite(
    CITE_P8, _("the state body sends the notification; the act does not name withdrawing one recorded in error: the system's own step")
)


# --- preconditions --------------------------------------------------------------------------------


@precondition(_("State the violation type and the norm of the legislative act — № 409 бұйрық, 2-қосымша 1–2-т."), CITE_APPENDIX_2)
def has_type_and_norm(report) -> bool:
    return bool(report.violation_type_id and (report.legal_norm or "").strip())


@precondition(_("Add at least one fact (URL, domain, IP address, protocol type, IMEI or MAC) — № 409 бұйрық, 8-т., 2-қосымша 3-т."), CITE_P8)
def has_facts(report) -> bool:
    return report.pk is not None and report.facts.exists()


@precondition(_("Attach the screenshots of the detected materials in full — № 409 бұйрық, 8-т."), CITE_P8)
def has_screenshots(report) -> bool:
    return report.pk is not None and report.screenshots.exists()


@precondition(_("Confirm that the data are lawful and well-founded — № 409 бұйрық, 8-т."), CITE_P8)
def is_confirmed_by_reporter(report) -> bool:
    return bool(report.lawfulness_confirmed)


def sent_by_letter(report) -> bool:
    return report.channel == Channel.LETTER


#: Seed 001 p. 9: the Appendix 2 letter is signed by the head or a deputy (the letter channel only).
letter_is_signed = signatory_condition(
    _("A letter by Appendix 2 is signed by the head or a deputy: give the signatory's position and full name — № 409 бұйрық, 9-т."),
    CITE_P9,
    applies=sent_by_letter,
)


@precondition(_("Only a report with a fact already confirmed in another report can be confirmed by reference."), CITE_P10)
def has_confirmed_duplicate(report) -> bool:
    return report.pk is not None and report.duplicate_facts().exists()


@precondition(_("Record the restriction order first: the measures restricting access are what the case closes on."), CITE_P10)
def has_restriction_order(report) -> bool:
    from .models import RestrictionOrder

    return report.pk is not None and RestrictionOrder.objects.filter(report_id=report.pk).exists()


#: Seed 001 p. 8 (and p. 9 for the letter): what a notification needs before it is sent.
SUBMIT_CONDITIONS = [has_type_and_norm, has_facts, has_screenshots, is_confirmed_by_reporter, letter_is_signed]


# --- answers the act makes required ---------------------------------------------------------------

GROUNDS_REQUIRED = _("State the grounds why there is no violation (№ 409 бұйрық, 11-т.).")
MISSING_REQUIRED = _("State what is missing.")
REASON_REQUIRED = _("State why the notification is withdrawn (for example, it was recorded in error).")
REFERENCE_REQUIRED = _("Choose an earlier confirmed report that shares a fact with this one.")
