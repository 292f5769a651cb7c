"""Every deadline rule has a human label wherever it is shown (the deadline panel, the case page's
terms, the dashboard): ``cases.rules.rule_label(code)``, never the stored code."""

import re

import pytest
from django.utils import translation

from cases.rules import declared_rules, rule_label

#: seed 000 (5), seed 002 (3), seed 004 (9)
EXPECTED_RULES = 17

#: the acts' rules are coded by their seed ("s004.notice"); other tests declare rules of their own
#: ("test.three_days"), which register too once their modules are imported
ACT_RULE = re.compile(r"^s\d{3}\.")


def act_rules() -> dict:
    return {code: rule for code, rule in declared_rules().items() if ACT_RULE.match(code)}


def test_every_procedure_rule_is_declared_once_found_by_code():
    rules = act_rules()
    assert len(rules) == EXPECTED_RULES
    assert {code.split(".")[0] for code in rules} == {"s000", "s002", "s004"}


@pytest.mark.parametrize("code", sorted(act_rules()))
def test_every_declared_rule_has_a_label_that_is_not_its_code(code):
    with translation.override("en"):
        label = rule_label(code)
    assert label and label != code
    assert "." not in label.split()[0]  # no "s004.notice"-like token


def test_a_rule_no_module_declares_is_shown_by_its_code():
    assert rule_label("s999.retired_rule") == "s999.retired_rule"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_rule_label_is_translated(language):
    """Passes once the lead has compiled the catalogues with the new labels."""
    untranslated = []
    for code, rule in act_rules().items():
        with translation.override("en"):
            english = str(rule.label)
        with translation.override(language):
            if str(rule.label) == english:
                untranslated.append(code)
    assert not untranslated, f"{language}: no translation for {untranslated}"
