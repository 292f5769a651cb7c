"""Citations point at the clause that sets the rule (seed 000). Order № 546/НҚ approves no Rules:
its p. 1 reads "… № 226 бұйрығына … өзгерістер мен толықтырулар енгізілсін: … Көрсетіліп отырған
бұйрықпен бекітілген Ұялы байланыстың абоненттік құрылғыларын тіркеу қағидаларында … 3-1-тараумен
толықтырылсын" (and "… қосымшамен толықтырылсын"), and its own p. 4 is its entry into force. So
p. 20-1 … 20-8 and the Appendix are points of the Rules approved by order № 226, in the wording of
№ 546/НҚ — never "№ 546/НҚ бұйрық, 20-3-т."."""

from cases.devices import rules
from cases.devices.models import DeviceDemand
from cases.steps import state_field

AMENDED = "(№ 546/НҚ бұйрықтың редакциясында)"


def _citations():
    found = [rule.citation for rule in (rules.NOTIFY_SUSPEND, rules.NOTIFY_RESTORE, rules.EXECUTE_SUSPEND,
                                        rules.EXECUTE_RESTORE, rules.INFORM_REQUESTER)]
    for transition in state_field(DeviceDemand).get_all_transitions(DeviceDemand):
        found.append(str(transition.custom["citation"]))
        found += [str(condition.clause) for condition in transition.conditions]
    return found


def test_every_citation_names_the_point_of_the_rules_order_226_approves():
    for citation in _citations():
        assert citation.startswith("№ 226 бұйрықпен бекітілген Қағидалар"), citation
        assert AMENDED in citation, citation
        assert "546/НҚ бұйрық," not in citation and "-т." not in citation, citation


def test_each_term_cites_its_own_point():
    assert rules.NOTIFY_SUSPEND.citation == f"№ 226 бұйрықпен бекітілген Қағидалардың 20-3-тармағы {AMENDED}"
    assert rules.NOTIFY_RESTORE.citation == f"№ 226 бұйрықпен бекітілген Қағидалардың 20-7-тармағы {AMENDED}"
    assert rules.EXECUTE_SUSPEND.citation == f"№ 226 бұйрықпен бекітілген Қағидалардың 20-4-тармағы {AMENDED}"
    assert rules.EXECUTE_RESTORE.citation == f"№ 226 бұйрықпен бекітілген Қағидалардың 20-8-тармағы {AMENDED}"
    assert rules.INFORM_REQUESTER.citation.startswith(f"№ 226 бұйрықпен бекітілген Қағидаларға қосымша {AMENDED}")
