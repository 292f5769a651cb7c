"""The clauses of seed 001 (Order No. 409) the notification procedure cites, the preconditions of
its steps (pure predicates of a report, each with its message and clause: the same predicates
make the buttons, the refusals and the legal-path panel) and the answers the act makes required.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases.conditions import signatory_condition
from cases.rules import rules_clause
from cases.steps import precondition
from registries.validators import required_text  # noqa: F401  (re-exported for the models)

from .choices import Channel

#: The order that approves the Rules (its own p. 1 "… қағидалары бекітілсін"): every point cited
#: below is a point of those Rules, never of the order itself (its p. 4 is the entry into force).
ORDER = "№ 409"

#: User-facing citations (Kazakh form), quoted by refusals, the admin, letters and the API.
CITE_P5 = rules_clause(ORDER, 5)
CITE_P8 = rules_clause(ORDER, 8)
CITE_P9 = rules_clause(ORDER, 9)
CITE_P10 = f"{rules_clause(ORDER, 10)}; «Байланыс туралы» ҚР Заңының 41-1-бабы"
CITE_P11 = rules_clause(ORDER, 11)
CITE_APPENDIX_2 = rules_clause(ORDER, appendix=2)
CITE_APPENDIX_2_ITEMS_1_2 = f"{CITE_APPENDIX_2}, 1–2-т."
CITE_FACTS = f"{CITE_P8}; {CITE_APPENDIX_2}, 3-т."


def cite(clause, note):
    """A clause with what the act does (not) say about the step, the note translated."""
    return format_lazy("{} ({})", clause, note)


# --- the clauses of the steps ---------------------------------------------------------------------

CITE_SUBMIT = f"{rules_clause(ORDER, [8, 9])}; {CITE_APPENDIX_2}"
CITE_REVIEW = cite(rules_clause(ORDER, [10, 11]), _("the authorised body confirms the facts or refuses them"))
CITE_RETURN = cite(CITE_P8, _("the data are to be filled in in full; the act does not name returning for completion: the system's own step"))
CITE_CONFIRM_BY_REFERENCE = cite(CITE_P10, _("a fact already confirmed in another notification"))
CITE_CLOSE = cite(CITE_P10, _("the measures are taken; closing the case is the system's own bookkeeping"))
CITE_WITHDRAW = cite(
    CITE_P8, _("the state body sends the notification; the act does not name withdrawing one recorded in error: the system's own step")
)

#: What an irreversible decision does, said on its confirmation page (``cases.steps.step(confirm=...)``).
CONFIRMED_CONSEQUENCE = _(
    "The facts are recorded as confirmed: the notification can no longer be returned for completion, "
    "rejected or withdrawn; the next step is the restriction of access."
)
REJECTED_CONSEQUENCE = _(
    "The notification is rejected with the grounds given above: the case ends in its final state and "
    "cannot be reopened."
)
RESTRICTION_CONSEQUENCE = _(
    "The restriction order is recorded with its measure and enters the register of restrictions; it cannot be "
    "taken back."
)


# --- preconditions --------------------------------------------------------------------------------


@precondition(_("State the violation type and the norm of the legislative act."), CITE_APPENDIX_2_ITEMS_1_2)
def has_type_and_norm(report) -> bool:
    return bool(report.violation_type_id and (report.legal_norm or "").strip())


@precondition(_("Add at least one fact (URL, domain, IP address, protocol type, IMEI or MAC)."), CITE_FACTS)
def has_facts(report) -> bool:
    return report.pk is not None and report.facts.exists()


@precondition(_("Attach the screenshots of the detected materials in full."), CITE_P8)
def has_screenshots(report) -> bool:
    return report.pk is not None and report.screenshots.exists()


@precondition(_("Confirm that the data are lawful and well-founded."), CITE_P8)
def is_confirmed_by_reporter(report) -> bool:
    return bool(report.lawfulness_confirmed)


@precondition(
    _("Only staff on the state body's accepted staff list enter notifications: the reporter's work e-mail is not on "
      "the accepted list of the body or of its parent body."),
    CITE_P5,
)
def reporter_is_listed(report) -> bool:
    """Seed 001 p. 5 with p. 8: the body sends the authorised body the list of the staff who enter
    notifications into the information system (its subordinate organisations included); matched by
    the work e-mail on the accepted list, case-insensitive."""
    from registries.stafflists.selectors import is_listed

    return report.reporter_id is not None and is_listed(report.reporter)


def sent_by_letter(report) -> bool:
    return report.channel == Channel.LETTER


#: Seed 001 p. 9: the Appendix 2 letter is signed by the head or a deputy (the letter channel only).
letter_is_signed = signatory_condition(
    _("A letter by Appendix 2 is signed by the head or a deputy: give the signatory's position and full name."),
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
SUBMIT_CONDITIONS = [reporter_is_listed, has_type_and_norm, has_facts, has_screenshots, is_confirmed_by_reporter, letter_is_signed]


# --- answers the act makes required ---------------------------------------------------------------

GROUNDS_REQUIRED = format_lazy("{} ({})", _("State the grounds why there is no violation."), CITE_P11)
MISSING_REQUIRED = _("State what is missing.")
REASON_REQUIRED = _("State why the notification is withdrawn (for example, it was recorded in error).")
REFERENCE_REQUIRED = _("Choose an earlier confirmed report that shares a fact with this one.")


# --- sane maximum lengths -------------------------------------------------------------------------

#: A notification's free description (the act's form has no such field: a summary, not a document).
MAX_DESCRIPTION = 10_000
#: A written answer of a step (what is missing, the p. 11 grounds, a withdrawal reason, a measure).
MAX_ANSWER = 4_000
#: Facts per notification: Appendix 2 item 3 has one numbered line per fact ("жолдардың саны …
#: анықталған фактілерінің санына байланысты"); 500 lines are a letter of about 20 pages — a larger
#: set is sent as several notifications.
MAX_FACTS = 500
TOO_LONG = _("At most %(limit_value)d characters (now %(show_value)d).")
TOO_MANY_FACTS = _("At most %(limit)d facts in one notification (now %(count)d): send the rest as another notification.")


def max_length(limit: int) -> MaxLengthValidator:
    """The length bound of a text field, with its translated message (code ``max_length``)."""
    return MaxLengthValidator(limit, message=TOO_LONG)


def bounded_text(text: str, field_name: str, limit: int = MAX_ANSWER) -> str:
    """A step's written answer no longer than ``limit``, else a field-level error coded ``max_length``."""
    if len(text) > limit:
        raise ValidationError(
            {field_name: ValidationError(TOO_LONG, code="max_length", params={"limit_value": limit, "show_value": len(text)})}
        )
    return text


def check_fact_count(count: int, field_name: str = "facts") -> None:
    """Refuse more than ``MAX_FACTS`` facts for one notification (field-level, code ``too_many_facts``)."""
    if count > MAX_FACTS:
        raise ValidationError(
            {field_name: ValidationError(TOO_MANY_FACTS, code="too_many_facts", params={"limit": MAX_FACTS, "count": count})}
        )
