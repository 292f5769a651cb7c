"""The steps validator, table-driven per channel (seed 002 p. 5–9). Pure: no database."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from cases.egov.steps import validate_steps

T0 = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)


def seq(*names, fail=None):
    return [{"step": name, "at": T0 + timedelta(minutes=i), "passed": name != fail} for i, name in enumerate(names)]


DONE = T0 + timedelta(minutes=9)

VALID = [
    # (channel, kind, steps, result)
    ("portal", "link", seq("submitted", "otp", "eds"), "linked"),  # p. 5
    ("portal", "link", seq("submitted", "otp", "eds"), "refused"),  # standard row 9
    ("portal", "link", seq("submitted", "otp", fail="otp"), "not_registered"),  # p. 9
    ("egov_mobile", "link", seq("submitted", "eds", "otp", "biometrics"), "linked"),  # p. 6
    ("egov_mobile", "link", seq("submitted", "eds", "otp", "biometrics", fail="biometrics"), "not_registered"),
    ("egov_mobile", "link", seq("submitted", "eds", "otp", fail="otp"), "not_registered"),
    ("bank_app", "link", seq("submitted", "biometrics", "otp"), "linked"),  # p. 7
    ("bank_app", "link", seq("submitted", "biometrics", fail="biometrics"), "not_registered"),
    ("portal", "number_change", seq("submitted", "otp", "eds"), "linked"),  # p. 8
    ("egov_mobile", "number_change", seq("submitted", "otp", "eds"), "linked"),  # p. 8
]


@pytest.mark.parametrize(("channel", "kind", "steps", "result"), VALID)
def test_valid_sequences(channel, kind, steps, result):
    values = validate_steps(channel=channel, kind=kind, steps=steps, result=result, completed_at=DONE)
    assert values["submitted_at"] == T0
    for event in steps:
        field = {"submitted": "submitted_at", "otp": "otp_at", "eds": "eds_signed_at", "biometrics": "biometrics_at"}[event["step"]]
        assert values[field] == event["at"]
    if result == "not_registered":
        assert False in (values["otp_passed"], values["biometrics_passed"])


INVALID = [
    # (channel, kind, steps, result, field, code)
    ("teletype", "link", seq("submitted", "otp", "eds"), "linked", "channel", "channel_unknown"),
    ("portal", "link", seq("submitted", "eds", "otp"), "linked", "steps", "step_out_of_order"),  # EDS before OTP
    ("egov_mobile", "link", seq("submitted", "otp", "eds", "biometrics"), "linked", "steps", "step_out_of_order"),
    ("bank_app", "link", seq("submitted", "otp", "biometrics"), "linked", "steps", "step_out_of_order"),
    ("portal", "link", seq("otp", "submitted", "eds"), "linked", "steps", "step_out_of_order"),
    ("portal", "link", seq("submitted", "otp", "eds", "biometrics"), "linked", "steps", "step_not_in_channel"),
    ("bank_app", "link", seq("submitted", "biometrics", "otp", "eds"), "linked", "steps", "step_not_in_channel"),
    ("portal", "link", seq("submitted", "otp", "fingerprint"), "linked", "steps", "step_unknown"),
    ("portal", "link", seq("submitted", "otp", "otp"), "linked", "steps", "step_repeated"),
    ("portal", "link", seq("submitted", "otp"), "linked", "result", "result_missing_step"),  # no EDS
    ("egov_mobile", "link", seq("submitted", "eds", "otp"), "linked", "result", "result_missing_step"),  # no biometrics
    ("bank_app", "link", seq("submitted", "biometrics"), "refused", "result", "result_missing_step"),
    ("portal", "link", seq("submitted", "otp", "eds"), "not_registered", "result", "result_without_failure"),
    ("portal", "link", seq("submitted", "otp", fail="otp"), "linked", "result", "result_contradicts_failure"),
    ("portal", "link", seq("submitted", "otp", "eds", fail="otp"), "not_registered", "steps", "step_after_failure"),
    ("portal", "link", seq("submitted", "otp", "eds", fail="eds"), "not_registered", "steps", "step_cannot_fail"),
    ("bank_app", "number_change", seq("submitted", "otp", "eds"), "linked", "kind", "kind_not_in_channel"),
    ("portal", "link", [], "linked", "steps", "steps_empty"),
    ("portal", "link", seq("submitted", "otp", "eds"), "maybe", "result", "result_unknown"),
]


@pytest.mark.parametrize(("channel", "kind", "steps", "result", "field", "code"), INVALID)
def test_invalid_sequences(channel, kind, steps, result, field, code):
    with pytest.raises(ValidationError) as caught:
        validate_steps(channel=channel, kind=kind, steps=steps, result=result, completed_at=DONE)
    errors = caught.value.error_dict
    assert field in errors
    assert code in [error.code for error in errors[field]]
    assert all(str(message) for message in caught.value.messages)


def test_step_times_must_not_go_back():
    steps = seq("submitted", "otp", "eds")
    steps[2]["at"] = T0 - timedelta(minutes=1)
    with pytest.raises(ValidationError) as caught:
        validate_steps(channel="portal", kind="link", steps=steps, result="linked", completed_at=DONE)
    assert caught.value.error_dict["steps"][0].code == "step_time_order"


def test_result_cannot_come_before_the_last_step():
    with pytest.raises(ValidationError) as caught:
        validate_steps(channel="portal", kind="link", steps=seq("submitted", "otp", "eds"), result="linked",
                       completed_at=T0 + timedelta(seconds=30))
    assert caught.value.error_dict["completed_at"][0].code == "completed_before_steps"


def test_naive_times_are_refused():
    steps = seq("submitted", "otp", "eds")
    steps[1]["at"] = steps[1]["at"].replace(tzinfo=None)
    with pytest.raises(ValidationError) as caught:
        validate_steps(channel="portal", kind="link", steps=steps, result="linked", completed_at=DONE)
    assert caught.value.error_dict["steps"][0].code == "step_time_missing"


def test_out_of_order_message_names_the_steps_and_clause():
    with pytest.raises(ValidationError) as caught:
        validate_steps(channel="portal", kind="link", steps=seq("submitted", "eds", "otp"), result="linked", completed_at=DONE)
    message = caught.value.messages[0]
    assert "Қағидалардың 5-тармағы" in message
