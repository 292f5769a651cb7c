import pytest

from forms_kz import demo as letters_demo
from forms_kz.models import LetterState, OutgoingLetter

pytestmark = pytest.mark.django_db


def test_demo_letters_load_idempotently(demo):
    letters_demo.load(demo)
    letters_demo.load(demo)
    states = sorted(OutgoingLetter.objects.values_list("state", flat=True))
    assert OutgoingLetter.objects.count() == 5
    assert states.count(LetterState.ISSUED) == 3
    assert states.count(LetterState.DRAFT) == 1 and states.count(LetterState.CANCELLED) == 1
    instruction = OutgoingLetter.objects.get(form_code="s004-app3")
    notice = OutgoingLetter.objects.get(form_code="s004-app2")
    assert instruction.data["notice_register_number"] == notice.register_number
