"""A letter is issued once, and its PDF exists only if its issue was committed.

An issued letter's PDF carries its register number: a file left behind by an issue whose
transaction rolled back would print a number the register later gives to another letter.
"""

import hashlib
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from forms_kz.models import LetterCounter, LetterState, OutgoingLetter
from forms_kz.services import issue_letter

from .factories import make_draft

pytestmark = pytest.mark.django_db


def stored_pdfs() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(root.rglob("*.pdf")) if root.exists() else []


class Boom(Exception):
    pass


def test_an_issue_rolled_back_with_its_step_leaves_no_file(demo):
    letter = make_draft(demo, "s004-app2")
    with pytest.raises(Boom), transaction.atomic():
        issue_letter(letter, by=demo["users"]["officer"])
        assert letter.register_number
        raise Boom  # the step that issued it fails after the letter was issued
    assert stored_pdfs() == []
    assert not OutgoingLetter.objects.filter(state=LetterState.ISSUED).exists()


def test_the_file_is_written_when_the_issue_commits(demo, django_capture_on_commit_callbacks):
    letter = make_draft(demo, "s004-app2")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issue_letter(letter, by=demo["users"]["officer"])
    assert stored_pdfs() == []  # nothing on disk before the commit
    for callback in callbacks:
        callback()
    [path] = stored_pdfs()
    letter.refresh_from_db()
    assert path == Path(letter.pdf.path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == letter.sha256


def test_before_the_commit_the_issuing_transaction_reads_the_same_bytes(demo):
    letter = make_draft(demo, "s004-app3")
    issue_letter(letter, by=demo["users"]["officer"])
    fresh = OutgoingLetter.objects.get(pk=letter.pk)
    with fresh.pdf.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == fresh.sha256
    assert stored_pdfs() == []


def test_the_same_letter_cannot_be_issued_twice(demo):
    """Two drafts of one letter (the same identity): the second issue is refused, takes no
    register number and stores nothing."""
    officer = demo["users"]["officer"]
    first = make_draft(demo, "s004-app2")
    second = make_draft(demo, "s004-app2")
    OutgoingLetter.objects.filter(pk__in=[first.pk, second.pk]).update(identity="case:1:s004-app2")
    first.refresh_from_db()
    second.refresh_from_db()
    issue_letter(first, by=officer)
    with pytest.raises(ValidationError) as refusal:
        issue_letter(second, by=officer)
    assert refusal.value.code == "already_issued"
    second.refresh_from_db()
    assert second.state == LetterState.DRAFT and not second.register_number
    assert LetterCounter.objects.get().last == 1  # no gap


def test_a_cancelled_letter_can_be_issued_again(demo):
    from forms_kz.services import cancel_letter

    supervisor = demo["users"]["supervisor"]
    first = make_draft(demo, "s004-app2")
    second = make_draft(demo, "s004-app2")
    OutgoingLetter.objects.filter(pk__in=[first.pk, second.pk]).update(identity="case:1:s004-app2")
    first.refresh_from_db()
    second.refresh_from_db()
    issue_letter(first, by=supervisor)
    cancel_letter(first, by=supervisor, reason="Қате деректер")
    issue_letter(second, by=supervisor)
    assert second.state == LetterState.ISSUED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_of_one_letter_give_one_letter_and_one_file(demo):
    """Two officials issue two drafts of the same letter at the same moment: the constraint lets
    one through; the other is refused, takes no number, and leaves no PDF behind."""
    officer, supervisor = demo["users"]["officer"], demo["users"]["supervisor"]
    drafts = [make_draft(demo, "s004-app2") for _ in range(2)]
    OutgoingLetter.objects.filter(pk__in=[d.pk for d in drafts]).update(identity="case:7:s004-app2")
    barrier = threading.Barrier(2)
    outcomes = []

    def worker(pk, user):
        try:
            barrier.wait()
            issue_letter(OutgoingLetter.objects.get(pk=pk), by=user)
            outcomes.append("issued")
        except ValidationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(d.pk, u)) for d, u in zip(drafts, (officer, supervisor), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_issued", "issued"]
    issued = OutgoingLetter.objects.get(state=LetterState.ISSUED)
    assert issued.sequence == 1 and LetterCounter.objects.get().last == 1
    [path] = stored_pdfs()
    assert path == Path(issued.pdf.path)
