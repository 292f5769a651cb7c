"""A letter's history in the admin: its addressee reads only what was issued to it, never the
drafts its author wrote before (they were never sent)."""

import pytest
from django.urls import reverse

from forms_kz.services import issue_letter

from .factories import make_draft

pytestmark = pytest.mark.django_db


def history_url(letter):
    return reverse("admin:forms_kz_outgoingletter_history", args=[letter.pk])


def version_url(letter, version):
    return reverse("admin:forms_kz_outgoingletter_simple_history", args=[letter.pk, version.history_id])


def test_the_addressee_sees_only_the_issued_versions(client, demo):
    letter = make_draft(demo, "s004-app3", addressee_organisation=demo["organisations"]["sts"])
    letter.addressee = "ЖОБА-ДА ҒАНА БОЛҒАН МӘТІН"  # a draft wording, replaced before issue
    letter.save()
    letter.addressee = "«Example Video Ltd.» әкімшілігі"
    letter.save()
    issue_letter(letter, by=demo["users"]["officer"])
    drafts = list(letter.history.filter(state="draft"))
    issued = letter.history.exclude(state="draft").first()
    assert drafts and issued is not None

    client.force_login(demo["users"]["sts"])
    page = client.get(history_url(letter))
    assert page.status_code == 200
    listed = {record.history_id for record in page.context["page_obj"].object_list}
    assert listed and not listed & {record.history_id for record in drafts}
    assert "ЖОБА-ДА ҒАНА" not in page.content.decode()
    for draft in drafts:
        response = client.get(version_url(letter, draft))
        assert response.status_code in (403, 404)
        assert "ЖОБА-ДА ҒАНА" not in response.content.decode()
    assert client.get(version_url(letter, issued)).status_code == 200

    # the author still sees every version
    client.force_login(demo["users"]["officer"])
    page = client.get(history_url(letter))
    assert {record.history_id for record in drafts} <= {record.history_id for record in page.context["page_obj"].object_list}
