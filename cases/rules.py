"""A deadline rule: an amount of a unit, with the legal citation it comes from; and the one way to
cite a clause of the Rules an order approves (``rules_clause``)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .deadlines import due_at

#: The genitive / dative of the Rules' own name ("Қағидалар" in seeds 000, 001, 002, 004;
#: "Ережелер" in seed 003).
_RULES_CASES = {
    "Қағидалар": ("Қағидалардың", "Қағидаларға"),
    "Ережелер": ("Ережелердің", "Ережелерге"),
}


def _numbers(value: str | int | Sequence[str | int]) -> tuple[str, bool]:
    """("5", False) or ("20-2, 20-6", True) for several."""
    if isinstance(value, (str, int)):
        return str(value), False
    items = [str(item) for item in value]
    return ", ".join(items), len(items) > 1


def rules_clause(
    order: str,
    point: str | int | Sequence[str | int] | None = None,
    subpoint: str | Sequence[str] | None = None,
    *,
    paragraph: int | None = None,
    appendix: int | None = None,
    rules: str = "Қағидалар",
    as_amended_by: str = "",
) -> str:
    """Cite the clause of the Rules an order approves, not the order's own point (the order's
    p. 4/5 is its entry-into-force clause). ``order`` is the approving order's number as
    written ("№ 267-НҚ"); each seed order approves its Rules in its p. 1 ("Қоса беріліп отырған …
    қағидалары бекітілсін").

    >>> rules_clause("№ 267-НҚ", 5)
    '№ 267-НҚ бұйрықпен бекітілген Қағидалардың 5-тармағы'
    >>> rules_clause("№ 267-НҚ", 9, "1)")
    '№ 267-НҚ бұйрықпен бекітілген Қағидалардың 9-тармағының 1) тармақшасы'
    >>> rules_clause("№ 226", ["20-3", "20-7"], as_amended_by="№ 546/НҚ")
    '№ 226 бұйрықпен бекітілген Қағидалардың 20-3, 20-7-тармақтары (№ 546/НҚ бұйрықтың редакциясында)'
    >>> rules_clause("№ 58", 10, paragraph=4)
    '№ 58 бұйрықпен бекітілген Қағидалардың 10-тармағының 4-абзацы'
    >>> rules_clause("№ 267-НҚ", appendix=2)
    '№ 267-НҚ бұйрықпен бекітілген Қағидаларға 2-қосымша'
    """
    genitive, dative = _RULES_CASES[rules]
    head = f"{order} бұйрықпен бекітілген"
    if appendix is not None:
        text = f"{head} {dative} {appendix}-қосымша"
    elif point is None:
        text = f"{head} {rules}"
    else:
        points, several_points = _numbers(point)
        if subpoint is None and paragraph is None:
            text = f"{head} {genitive} {points}-{'тармақтары' if several_points else 'тармағы'}"
        elif paragraph is not None:
            text = f"{head} {genitive} {points}-тармағының {paragraph}-абзацы"
        else:
            subpoints, several = _numbers(subpoint)
            text = f"{head} {genitive} {points}-тармағының {subpoints} {'тармақшалары' if several else 'тармақшасы'}"
    if as_amended_by:
        text += f" ({as_amended_by} бұйрықтың редакциясында)"
    return text


#: every rule declared, by code (filled as the procedures' ``rules`` modules are imported)
_BY_CODE: dict[str, "DeadlineRule"] = {}
#: every installed app's ``rules`` module has been imported (a failed look-up then costs nothing)
_ALL_IMPORTED = False


def declared_rules() -> dict[str, "DeadlineRule"]:
    """Every rule the installed procedures declare, by code: each app's ``rules`` module is
    imported (once) so a rule is found whichever module the caller happened to import first."""
    global _ALL_IMPORTED
    if not _ALL_IMPORTED:
        from django.apps import apps
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("rules")
        _ALL_IMPORTED = apps.ready
    return dict(_BY_CODE)


def rule_label(code: str) -> str:
    """The human label of the rule ``code`` (the code itself only for a rule no module declares,
    e.g. one retired from the code but still stored on old deadlines)."""
    rule = _BY_CODE.get(code) or declared_rules().get(code)
    return str(rule.label) if rule is not None and rule.label else code


@dataclass(frozen=True)
class DeadlineRule:
    """E.g. DeadlineRule("s004.warning_letter", 3, "working_days", rules_clause("№ 267-НҚ", 5)).

    ``code`` is stable (stored on every deadline); ``citation`` is quoted by the admin and letters.
    """

    code: str
    amount: int
    unit: str
    citation: str
    #: what the term is for, as officials call it (gettext_lazy); shown wherever the rule appears
    label: str = ""

    def __post_init__(self):
        _BY_CODE[self.code] = self

    def due(self, start: datetime, schedule=None) -> datetime:
        return due_at(start, self.amount, self.unit, schedule=schedule)
