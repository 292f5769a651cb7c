"""Two officials issuing at the same moment get consecutive numbers: no duplicate, no gap."""

import threading

import pytest
from django.db import connection

from forms_kz.models import OutgoingLetter
from forms_kz.services import issue_letter

from .factories import make_draft


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_issue_has_no_duplicates_or_gaps(demo):
    officer, supervisor = demo["users"]["officer"], demo["users"]["supervisor"]
    letters = [make_draft(demo, "s004-app2") for _ in range(8)]
    barrier = threading.Barrier(2)
    errors = []

    def worker(chunk, user):
        try:
            barrier.wait()
            for letter in chunk:
                issue_letter(OutgoingLetter.objects.get(pk=letter.pk), by=user)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(letters[0::2], officer)),
               threading.Thread(target=worker, args=(letters[1::2], supervisor))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    sequences = sorted(OutgoingLetter.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 9))
    numbers = list(OutgoingLetter.objects.values_list("register_number", flat=True))
    assert len(set(numbers)) == 8
