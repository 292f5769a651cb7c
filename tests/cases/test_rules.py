"""Citations of the clause that sets a rule: the point of the Rules an order approves, not the
order's own point (seed 004 p. 5 of the order is its entry-into-force clause)."""

import pytest

from cases.rules import rules_clause


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"order": "№ 267-НҚ", "point": 5}, "№ 267-НҚ бұйрықпен бекітілген Қағидалардың 5-тармағы"),
        ({"order": "№ 267-НҚ", "point": 9, "subpoint": "1)"},
         "№ 267-НҚ бұйрықпен бекітілген Қағидалардың 9-тармағының 1) тармақшасы"),
        ({"order": "№ 267-НҚ", "point": 9, "subpoint": ["1)", "2)"]},
         "№ 267-НҚ бұйрықпен бекітілген Қағидалардың 9-тармағының 1), 2) тармақшалары"),
        ({"order": "№ 409", "point": ["5", "8"]}, "№ 409 бұйрықпен бекітілген Қағидалардың 5, 8-тармақтары"),
        ({"order": "№ 58", "point": 10, "paragraph": 4}, "№ 58 бұйрықпен бекітілген Қағидалардың 10-тармағының 4-абзацы"),
        ({"order": "№ 267-НҚ", "appendix": 2}, "№ 267-НҚ бұйрықпен бекітілген Қағидаларға 2-қосымша"),
        ({"order": "№ 226", "point": "20-3", "as_amended_by": "№ 546/НҚ"},
         "№ 226 бұйрықпен бекітілген Қағидалардың 20-3-тармағы (№ 546/НҚ бұйрықтың редакциясында)"),
        ({"order": "№ 179 / 199-б", "point": 3, "rules": "Ережелер"},
         "№ 179 / 199-б бұйрықпен бекітілген Ережелердің 3-тармағы"),
    ],
)
def test_rules_clause_cites_the_point_of_the_approved_rules(kwargs, expected):
    """Seed 004 p. 1 of the order: "Қоса беріліп отырған … қағидалар бекітілсін" — the rules are
    cited as "№ 267-НҚ бұйрықпен бекітілген Қағидалардың 5-тармағы"; seed 000 amends the Rules
    approved by order No. 226 ("Көрсетіліп отырған бұйрықпен бекітілген … қағидаларында")."""
    assert rules_clause(**kwargs) == expected


def test_rules_clause_knows_only_the_seed_rules_names():
    with pytest.raises(KeyError):
        rules_clause("№ 1", 1, rules="Ереже")
