"""The header search's hook for official letters: a letter by its register number
(``001-ШХ/2026/000012``, ``forms_kz.models.format_register_number``) — the whole number exactly,
or its beginning (the organisation and year), on the register number's unique index."""

from django.db.models import Q

from cases.search.query import QueryKind
from cases.search.registry import Hit, change_url, group_of, search_hook

from .models import OutgoingLetter


def _hit(letter) -> Hit:
    return Hit(
        label=f"№ {letter.register_number}",
        state=letter.get_state_display(),
        url=change_url(letter),
        detail=letter.get_form_code_display(),
    )


@search_hook("forms_kz")
def search(query, user):
    if query.register_number:
        condition = Q(register_number=query.register_number)
    elif query.register_prefix:
        condition = Q(register_number__startswith=query.register_prefix)
    elif QueryKind.REFERENCE in query:
        condition = Q(register_number=query.term.upper())
    else:
        return []
    letters = OutgoingLetter.objects.visible_to(user).filter(condition).order_by("-issued_at", "-created_at", "-pk")
    return [group_of(letters, user, hit=_hit, list_params={"q": query.register_number or query.term})]
