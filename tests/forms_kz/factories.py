"""Letters for the tests: drafts of any form with its SAMPLE data."""

import copy

from forms_kz.schemas import FORM_SCHEMAS
from forms_kz.services import draft_letter

ISSUER_BY_FORM = {
    "s000-demand": "penitentiary",
    "s001-app1": "prosecutor",
    "s001-app2": "prosecutor",
    "s001-sweep": "info_committee",
    "s002-refusal": "gov_for_citizens",
    "s002-complaint-decision": "gov_for_citizens",
    "s004-app1": "info_committee",
    "s004-app2": "info_committee",
    "s004-app3": "info_committee",
    "s004-restriction": "info_committee",
    "s004-lifting": "info_committee",
}
USER_BY_ORG = {
    "penitentiary": "penitentiary",
    "prosecutor": "prosecutor_manager",
    "info_committee": "officer",
    "gov_for_citizens": "provider",
}


def make_draft(demo, form_code="s004-app1", data=None, *, organisation=None, addressee_organisation=None,
               case=None, user=None, **overrides):
    org_key = ISSUER_BY_FORM[form_code]
    organisation = organisation or demo["organisations"][org_key]
    user = user or demo["users"][USER_BY_ORG[org_key]]
    payload = copy.deepcopy(FORM_SCHEMAS[form_code].sample) if data is None else data
    payload.update(overrides)
    return draft_letter(
        form_code=form_code, data=payload, organisation=organisation,
        addressee="«Example Video Ltd.» әкімшілігі", addressee_organisation=addressee_organisation,
        case=case, created_by=user,
    )


def issuer(demo, form_code):
    return demo["users"][USER_BY_ORG[ISSUER_BY_FORM[form_code]]]
