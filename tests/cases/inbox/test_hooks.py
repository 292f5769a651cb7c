"""The per-procedure hooks are pure tables: which step tells which organisation of the case."""

from types import SimpleNamespace

import pytest

from cases.devices import inbox as devices_inbox
from cases.egov import inbox as egov_inbox
from cases.inbox.hooks import actors_by_field, hook_of
from cases.platforms import inbox as platforms_inbox
from cases.violations import inbox as violations_inbox
from registries.stafflists import inbox as stafflists_inbox
from registries.sweeps import inbox as sweeps_inbox

A, B, C = (SimpleNamespace(pk=n, name=name) for n, name in ((1, "A"), (2, "B"), (3, "C")))


@pytest.mark.parametrize(
    ("module", "case", "transition", "expected"),
    [
        (violations_inbox, SimpleNamespace(organisation=A, addressee=B), "submit", [B]),
        (violations_inbox, SimpleNamespace(organisation=A, addressee=B), "resubmit", [B]),
        (violations_inbox, SimpleNamespace(organisation=A, addressee=B), "return_for_completion", [A]),
        (violations_inbox, SimpleNamespace(organisation=A, addressee=B), "reject", [A]),
        (violations_inbox, SimpleNamespace(organisation=A, addressee=B), "order_restriction", [A]),
        (violations_inbox, SimpleNamespace(organisation=A, addressee=B), "take_into_review", []),
        (stafflists_inbox, SimpleNamespace(organisation=A, addressee=B), "submit", [B]),
        (stafflists_inbox, SimpleNamespace(organisation=A, addressee=B), "return_list", [A]),
        (stafflists_inbox, SimpleNamespace(organisation=A, addressee=B), "accept", [A]),
        (stafflists_inbox, SimpleNamespace(organisation=A, addressee=B), "supersede", []),
        (platforms_inbox, SimpleNamespace(organisation=A, sts=C), "submit_statistics", [A]),
        (platforms_inbox, SimpleNamespace(organisation=A, sts=C), "lift_limits", [C]),
        (platforms_inbox, SimpleNamespace(organisation=A, sts=C), "send_notice", []),
        (devices_inbox, SimpleNamespace(penitentiary=A, db_operator=B), "send", [B]),
        (devices_inbox, SimpleNamespace(penitentiary=A, db_operator=B), "inform_requester", [A]),
        (devices_inbox, SimpleNamespace(penitentiary=A, db_operator=B), "receive", []),
        (egov_inbox, SimpleNamespace(provider=A, reviewing_body=B), "uphold", [A]),
        (egov_inbox, SimpleNamespace(provider=A, reviewing_body=B), "forward", []),
    ],
)
def test_each_step_tells_whom_its_procedure_names(module, case, transition, expected):
    assert module.next_actors(case, transition) == expected


def test_sweep_review_tells_the_body_that_formed_it():
    former = SimpleNamespace(profile=SimpleNamespace(organisation=A))
    assert sweeps_inbox.next_actors(SimpleNamespace(formed_by=former), "start_review") == [A]
    assert sweeps_inbox.next_actors(SimpleNamespace(formed_by=None), "start_review") == []
    assert sweeps_inbox.next_actors(SimpleNamespace(formed_by=former), "close") == []


def test_an_empty_field_and_a_repeated_organisation_are_left_out():
    table = {"step": ("first", "second", "missing")}
    assert actors_by_field(SimpleNamespace(first=A, second=A, missing=None), table, "step") == [A]
    assert actors_by_field(SimpleNamespace(first=A), table, "other") == []


def test_every_hook_names_real_transitions_and_fields():
    """A typo in a table would silently tell nobody: each name is a transition of the model and
    each field a foreign key to an organisation."""
    from cases.devices.models import DeviceDemand
    from cases.egov.models import Complaint
    from cases.platforms.models import PlatformCase
    from cases.steps import transition_named
    from cases.violations.models import ViolationReport
    from registries.models import Organisation
    from registries.stafflists.models import StaffList

    for model, module in (
        (ViolationReport, violations_inbox),
        (StaffList, stafflists_inbox),
        (PlatformCase, platforms_inbox),
        (DeviceDemand, devices_inbox),
        (Complaint, egov_inbox),
    ):
        assert hook_of(model) is module.next_actors
        for name, fields in module.NEXT_ACTORS.items():
            assert transition_named(model, name) is not None, (model, name)
            for field_name in fields:
                assert model._meta.get_field(field_name).related_model is Organisation, (model, field_name)


def test_a_model_without_a_hook_has_none():
    from forms_kz.models import OutgoingLetter

    assert hook_of(OutgoingLetter) is None
