"""``manage.py load_demo`` prints the address served and the log-ins, never set-password links
(issue 20 item 5): the e-mails the demo's procedures write are held back, not printed."""

import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from registries.demo import DEMO_PASSWORD
from registries.management.commands import load_demo as command

LINK = "https://compliance.example.kz/api/v1/staff-lists/set-password/MTY/token/"


@pytest.fixture
def demo_writing_mail(monkeypatch):
    """The demo loader, replaced by one that mails a set-password link as the staff-list import does."""

    def load_full_demo():
        mail.send_mail("Кіру рұқсаты", f"Құпиясөзді мына сілтеме арқылы орнатыңыз: {LINK}", None, ["a@prokuror.kz"])
        mail.send_mail("Кіру рұқсаты", f"Құпиясөзді мына сілтеме арқылы орнатыңыз: {LINK}", None, ["b@prokuror.kz"])

    monkeypatch.setattr(command, "load_full_demo", load_full_demo)


def run_load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_prints_the_public_address_and_no_set_password_link(demo_writing_mail, settings, capsys):
    settings.DEBUG = True
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8123"
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # as in a DEBUG=1 run
    mail.outbox = ["an earlier test's message"]
    output = run_load_demo()
    printed = output + capsys.readouterr().out
    assert "http://127.0.0.1:8123/admin/" in output and DEMO_PASSWORD in output
    assert "127.0.0.1:8000" not in output
    assert "set-password" not in printed and LINK not in printed
    # how many e-mails were held back, on a line of its own
    assert [line for line in output.splitlines() if re.search(r"(?<![\d-])2(?!\d)", line)] != []
    assert mail.outbox == ["an earlier test's message"]  # the caller's outbox is left as it was
    assert "officer" in output and "admin" in output


def test_refuses_outside_a_development_run(demo_writing_mail, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        run_load_demo()
