"""The steps of a request for the service "link a subscriber number to the e-gov account"
(seed 002, Order No. 58 of 25.01.2016, ed. 19.03.2024, p. 5–9) as one pure validator.

Each channel has its own sequence of steps, read from the act:

* portal (p. 5 2)): the request is made, the one-time SMS password is confirmed, then the
  request is certified with the EDS signature ("бір реттік пароль алады және сұрау салуды
  электрондық цифрлық қолтаңбамен куәландырады");
* e-gov mobile app (p. 6 1)–2)): authorisation with an EDS registration certificate (existing or
  newly issued) comes first, then the one-time password and the biometric authentication;
* second-tier bank's mobile app (p. 7): the user's biometric authentication, then the one-time
  password sent to the number;
* number change (p. 8), in the portal's cabinet or the mobile app's profile: the new number, the
  one-time password sent to it, then the EDS certificate.

A wrong one-time password or failed biometrics means the number is not registered (p. 9).
A reasoned refusal (standard row 9) answers a request that went through all its steps.

``validate_steps`` takes what an integration sent and returns the step times to store, or raises
one ``django.core.exceptions.ValidationError`` keyed by field with every problem found. No
database access.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import Channel, RefusalGround, RequestKind, Result, Step

__all__ = [
    "FAILABLE_STEPS", "SEQUENCES", "STEP_OUTCOME_FIELDS", "STEP_TIME_FIELDS", "Channel", "RefusalGround", "RequestKind",
    "Result", "Step", "StepEvent", "sequence_for", "validate_steps",
]


#: The steps of each (kind, channel) in the order the act sets, with the clause.
SEQUENCES: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    (RequestKind.LINK, Channel.PORTAL): ((Step.SUBMITTED, Step.OTP, Step.EDS), "5"),
    (RequestKind.LINK, Channel.EGOV_MOBILE): ((Step.SUBMITTED, Step.EDS, Step.OTP, Step.BIOMETRICS), "6"),
    (RequestKind.LINK, Channel.BANK_APP): ((Step.SUBMITTED, Step.BIOMETRICS, Step.OTP), "7"),
    (RequestKind.NUMBER_CHANGE, Channel.PORTAL): ((Step.SUBMITTED, Step.OTP, Step.EDS), "8"),
    (RequestKind.NUMBER_CHANGE, Channel.EGOV_MOBILE): ((Step.SUBMITTED, Step.OTP, Step.EDS), "8"),
}

#: Steps whose failure ends the request with "not registered" (p. 9).
FAILABLE_STEPS = frozenset({Step.OTP, Step.BIOMETRICS})

#: Where each step's time (and outcome) is stored on ServiceRequest.
STEP_TIME_FIELDS = {
    Step.SUBMITTED: "submitted_at",
    Step.OTP: "otp_at",
    Step.EDS: "eds_signed_at",
    Step.BIOMETRICS: "biometrics_at",
}
STEP_OUTCOME_FIELDS = {Step.OTP: "otp_passed", Step.BIOMETRICS: "biometrics_passed"}


@dataclass(frozen=True)
class StepEvent:
    step: str
    at: datetime
    passed: bool = True


def sequence_for(kind: str, channel: str) -> tuple[str, ...] | None:
    entry = SEQUENCES.get((kind, channel))
    return entry[0] if entry else None


def _label(step: str) -> str:
    try:
        return str(Step(step).label)
    except ValueError:
        return step


def _event(raw) -> StepEvent:
    if isinstance(raw, StepEvent):
        return raw
    if isinstance(raw, Mapping):
        return StepEvent(step=raw.get("step"), at=raw.get("at"), passed=raw.get("passed", True))
    step, at, *rest = raw
    return StepEvent(step=step, at=at, passed=rest[0] if rest else True)


class StepErrors:
    """The problems found so far, keyed by field; each stage of the check raises them together."""

    def __init__(self):
        self.errors: dict[str, list[ValidationError]] = {}

    def add(self, field, message, code, **params):
        self.errors.setdefault(field, []).append(ValidationError(message, code=code, params=params or None))

    def raise_if_any(self):
        if self.errors:
            raise ValidationError(self.errors)


def _is_aware(moment) -> bool:
    return isinstance(moment, datetime) and moment.utcoffset() is not None


def check_codes(*, channel: str, kind: str, result: str) -> None:
    """The channel, the kind and the result are ones the act knows."""
    errors = StepErrors()
    if channel not in Channel.values:
        errors.add("channel", _("Unknown channel “%(channel)s”: use portal, egov_mobile or bank_app."), "channel_unknown",
                   channel=channel)
    if kind not in RequestKind.values:
        errors.add("kind", _("Unknown request kind “%(kind)s”."), "kind_unknown", kind=kind)
    if result not in Result.values:
        errors.add("result", _("Unknown result “%(result)s”."), "result_unknown", result=result)
    errors.raise_if_any()


def channel_sequence(kind: str, channel: str) -> tuple[tuple[str, ...], str]:
    """The steps of this kind of request in this channel and their clause (p. 5–8)."""
    entry = SEQUENCES.get((kind, channel))
    if entry is None:
        errors = StepErrors()
        errors.add("kind", _("A number change is made only in the portal's cabinet or the e-gov mobile app's profile "
                             "(№ 58 бұйрықпен бекітілген Қағидалардың 8-тармағы)."), "kind_not_in_channel")
        errors.raise_if_any()
    return entry


def read_events(steps: Iterable) -> list[StepEvent]:
    events = [_event(raw) for raw in steps]
    if not events:
        errors = StepErrors()
        errors.add("steps", _("The request has no steps: at least the moment it was made is needed."), "steps_empty")
        errors.raise_if_any()
    return events


def check_each_step(events: list[StepEvent], sequence, clause: str) -> None:
    """Each step is known, belongs to the channel, has an aware time and fails only if it may (p. 9)."""
    errors = StepErrors()
    for event in events:
        if event.step not in Step.values:
            errors.add("steps", _("Unknown step “%(step)s”."), "step_unknown", step=event.step)
        elif event.step not in sequence:
            errors.add("steps", _("The step “%(step)s” is not part of this channel's procedure (№ 58 бұйрықпен бекітілген Қағидалардың %(clause)s-тармағы)."),
                       "step_not_in_channel", step=_label(event.step), clause=clause)
        if not _is_aware(event.at):
            errors.add("steps", _("The step “%(step)s” needs a time with its time zone."), "step_time_missing",
                       step=_label(event.step))
        if not event.passed and event.step not in FAILABLE_STEPS:
            errors.add("steps", _("Only the one-time password and the biometric check can fail (№ 58 бұйрықпен бекітілген Қағидалардың 9-тармағы)."),
                       "step_cannot_fail")
    errors.raise_if_any()


def check_order(events: list[StepEvent], sequence, clause: str) -> set[str]:
    """The steps come once each, in the act's order, at times that do not go back; returns the
    steps given."""
    errors = StepErrors()
    seen: set[str] = set()
    for position, event in enumerate(events):
        if event.step in seen:
            errors.add("steps", _("The step “%(step)s” is given twice."), "step_repeated", step=_label(event.step))
            continue
        seen.add(event.step)
        expected = sequence[position] if position < len(sequence) else None
        if event.step != expected:
            errors.add("steps", _("Steps out of order: “%(step)s” cannot come before “%(expected)s” "
                                  "(№ 58 бұйрықпен бекітілген Қағидалардың %(clause)s-тармағы)."),
                       "step_out_of_order", step=_label(event.step), expected=_label(expected), clause=clause)
            break
        if position and event.at < events[position - 1].at:
            errors.add("steps", _("The time of “%(step)s” is earlier than that of the step before it."),
                       "step_time_order", step=_label(event.step))
    errors.raise_if_any()
    return seen


def failed_step(events: list[StepEvent]) -> StepEvent | None:
    """The failed step, which must be the last one (p. 9), or None."""
    failed = [event for event in events if not event.passed]
    if failed and failed[0] is not events[-1]:
        errors = StepErrors()
        errors.add("steps", _("No step can follow a failed “%(step)s”: the request ends there (№ 58 бұйрықпен бекітілген Қағидалардың 9-тармағы)."),
                   "step_after_failure", step=_label(failed[0].step))
        errors.raise_if_any()
    return failed[0] if failed else None


def check_result(errors: StepErrors, *, result: str, failed: StepEvent | None, missing: list[str], clause: str) -> None:
    """"Not registered" needs a failed step (p. 9); any other result needs every step and none failed."""
    if result == Result.NOT_REGISTERED:
        if failed is None:
            errors.add("result", _("“Not registered” needs a wrong one-time password or failed biometrics "
                                   "(№ 58 бұйрықпен бекітілген Қағидалардың 9-тармағы)."), "result_without_failure")
    elif failed is not None:
        errors.add("result", _("The step “%(step)s” failed, so the number is not registered (№ 58 бұйрықпен бекітілген Қағидалардың 9-тармағы)."),
                   "result_contradicts_failure", step=_label(failed.step))
    elif missing:
        errors.add("result", _("This result needs the step “%(step)s” first (№ 58 бұйрықпен бекітілген Қағидалардың %(clause)s-тармағы)."),
                   "result_missing_step", step=_label(missing[0]), clause=clause)


def check_completed_at(errors: StepErrors, completed_at, last: StepEvent) -> None:
    if not _is_aware(completed_at):
        errors.add("completed_at", _("Give the time the result was given, with its time zone."), "completed_at_missing")
    elif completed_at < last.at:
        errors.add("completed_at", _("The result cannot come before the last step."), "completed_before_steps")


def stored_values(events: list[StepEvent]) -> dict:
    """The ServiceRequest fields of the steps: every time field, set or None, and the outcomes."""
    values = dict.fromkeys(STEP_TIME_FIELDS.values())
    values.update(dict.fromkeys(STEP_OUTCOME_FIELDS.values()))
    for event in events:
        values[STEP_TIME_FIELDS[event.step]] = event.at
        if event.step in STEP_OUTCOME_FIELDS:
            values[STEP_OUTCOME_FIELDS[event.step]] = event.passed
    return values


def validate_steps(
    *, channel: str, kind: str, steps: Iterable, result: str, completed_at: datetime | None
) -> dict:
    """Check the steps of one request against its channel's sequence and its result.

    Returns the values to store (``submitted_at``, ``otp_at``, ``otp_passed``, ``eds_signed_at``,
    ``biometrics_at``, ``biometrics_passed``); raises ValidationError({field: [messages]}) with
    every problem of the first stage that finds any.
    """
    check_codes(channel=channel, kind=kind, result=result)
    sequence, clause = channel_sequence(kind, channel)
    events = read_events(steps)
    check_each_step(events, sequence, clause)
    seen = check_order(events, sequence, clause)
    failed = failed_step(events)
    errors = StepErrors()
    check_result(errors, result=result, failed=failed, missing=[s for s in sequence if s not in seen], clause=clause)
    check_completed_at(errors, completed_at, events[-1])
    errors.raise_if_any()
    return stored_values(events)
