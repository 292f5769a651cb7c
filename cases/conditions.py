"""Conditions shared by several procedures (pure predicates of a case; see ``cases.steps``)."""

from .steps import precondition


def signatory_given(instance) -> bool:
    """The signatory rule of every form the acts print: the signing official's position and full
    name are given (seed 000 Appendix "Басшы"; seed 001 Appendices 1 and 2 "Уәкілетті лауазымды
    адам"). The patronymic is optional, so only "some name" is required."""
    return bool((instance.signatory_position or "").strip() and (instance.signatory_name or "").strip())


def signatory_condition(message, clause="", applies=None):
    """A precondition "the form is signed" with the procedure's own message and clause;
    ``applies(instance)`` limits it (e.g. only the letter channel of seed 001 p. 9)."""

    def condition(instance) -> bool:
        if applies is not None and not applies(instance):
            return True
        return signatory_given(instance)

    condition.__name__ = "has_signatory"
    return precondition(message, clause)(condition)
