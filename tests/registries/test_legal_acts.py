"""The registry of acts: entry into force as each act's final clause states it, the date the
rule yields, the refusals that cite it, and seed 003 under its own title and repeal."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cases.services import validate_occurred_at
from registries.models import EntryIntoForce, LegalAct
from tests.cases.platforms.factories import PlatformCaseFactory

ALMATY = ZoneInfo("Asia/Almaty")
TEN_DAYS_WORDS = "алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі"


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "point"), [("s000", "4."), ("s001", "4."), ("s002", "4."), ("s004", "5.")])
def test_seed_acts_enter_into_force_ten_calendar_days_after_publication(code, point):
    """Seeds 000 p. 4, 001 p. 4, 002 p. 4 and 004 p. 5: "Осы бұйрық алғашқы ресми жарияланған
    күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі" (seed 002: "алғаш")."""
    act = LegalAct.objects.get(code=code)
    assert act.entry_into_force == EntryIntoForce.TEN_DAYS_AFTER_PUBLICATION
    assert act.entry_into_force_clause.startswith(point)
    assert TEN_DAYS_WORDS.replace("алғашқы", "алғаш") in act.entry_into_force_clause.replace("алғашқы", "алғаш")


@pytest.mark.django_db
def test_ten_days_after_publication_means_in_force_on_publication_plus_eleven():
    """Seed 004 p. 5: "алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң": the ten
    days run from the day after the publication (2..11 July for a publication on 1 July) and only
    after they have passed is the act in force — on publication + 11, not + 10."""
    act = LegalAct.objects.get(code="s004")
    act.published_on = date(2024, 7, 1)
    assert act.in_force_from == date(2024, 7, 12) == act.applies_from
    assert act.refusal_reason(date(2024, 7, 11))  # publication + 10: the tenth day is still running
    assert act.refusal_reason(date(2024, 7, 12)) is None


@pytest.mark.django_db
def test_the_2019_amendment_of_seed_002_entered_into_force_after_the_day_of_publication():
    """Seed 002 note: order No. 3 of 09.01.2019 "(алғашқы ресми жарияланған күнінен кейін
    қолданысқа енгізіледі)" — on the day after the publication, without ten days."""
    act = LegalAct(code="x", title_kk="x", issuer="x", number="3", signed_on=date(2019, 1, 9),
                   entry_into_force=EntryIntoForce.AFTER_PUBLICATION, published_on=date(2019, 1, 15))
    assert act.in_force_from == date(2019, 1, 16)
    assert "№ 3 (алғашқы ресми жарияланған күнінен кейін қолданысқа енгізіледі)" in LegalAct.objects.get(
        code="s002-2019-3").entry_into_force_clause


@pytest.mark.django_db
def test_an_act_in_force_on_a_stated_date_needs_that_date():
    act = LegalAct(code="x", title_kk="x", issuer="x", number="1", signed_on=date(2026, 1, 5),
                   entry_into_force=EntryIntoForce.ON_STATED_DATE)
    with pytest.raises(ValidationError) as exc:
        act.clean()
    assert "entry_into_force_on" in exc.value.message_dict
    act.entry_into_force_on = date(2026, 7, 1)
    act.clean()
    assert act.in_force_from == date(2026, 7, 1)
    assert act.refusal_reason(date(2026, 6, 30)) and act.refusal_reason(date(2026, 7, 1)) is None


@pytest.mark.django_db
def test_without_a_recorded_publication_the_act_is_not_in_force_before_registration_plus_eleven():
    """An act is published after its state registration (seed 004: registered 25.06.2024), so with
    no publication date recorded nothing can happen under it before 06.07.2024."""
    act = LegalAct.objects.get(code="s004")
    assert act.published_on is None and act.in_force_from is None
    assert act.applies_from == date(2024, 7, 6)
    assert act.refusal_reason(date(2024, 7, 5)) and act.refusal_reason(date(2024, 7, 6)) is None


SEED_003_TITLE = (
    "Қазақстан Республикасының телекоммуникация желілерінде жедел-іздестіру іс-шараларын жүргізетін "
    "аппараттық-бағдарламалық және техникалық құралдарды енгізу және пайдалану кезіндегі мемлекеттік органдар мен "
    "ұйымдардың өзара іс-қимыл ережелерін бекіту туралы"
)


@pytest.mark.django_db
def test_seed_003_under_its_own_title_in_force_from_state_registration():
    """Seed 003 heading "…өзара іс-қимыл ережелерін бекіту туралы"; p. 3 "Осы бұйрық Қазақстан
    Республикасының Әділет министрлігінде мемлекеттік тіркеуден өткен күнінен бастап күшіне енеді"
    (registered 5 November 2004, No. 3187)."""
    act = LegalAct.objects.get(code="s003")
    assert act.title_kk == SEED_003_TITLE
    assert act.entry_into_force == EntryIntoForce.ON_REGISTRATION
    assert act.in_force_from == date(2004, 11, 5) == act.mj_registration_date
    assert act.refusal_reason(date(2004, 11, 4)) and act.refusal_reason(date(2004, 11, 5)) is None


@pytest.mark.django_db
def test_seed_003_repeal_refusal_reads_as_the_acts_note():
    """Seed 003 note: "Күші жойылды - ҚР Көлік және коммуникациялар министрінің 23.04.2012 № 196 және
    ҚР Ұлттық қауіпсіздік комитеті Төрағасының 28.04.2012 № 194 бірлескен бұйрығымен"."""
    act = LegalAct.objects.get(code="s003")
    with translation.override("kk"), pytest.raises(ValidationError) as exc:
        act.ensure_applicable(date(2026, 1, 1))
    assert exc.value.code == "legal_act_not_in_force"
    assert "№ 194 бірлескен бұйрығымен жойылған" in exc.value.messages[0]


@pytest.mark.django_db
def test_an_event_before_the_act_is_in_force_is_refused_with_its_rule(demo):
    """Seed 004 p. 5 ("…күнтізбелік он күн өткен соң қолданысқа енгізіледі"): a detection, receipt or
    event time before the act is in force is refused on its field, citing the act and the date."""
    LegalAct.objects.filter(code="s004").update(published_on=date(2026, 11, 10))  # in force on 21.11.2026
    case = PlatformCaseFactory(organisation=demo["organisations"]["info_committee"])
    with translation.override("kk"), pytest.raises(ValidationError) as exc:
        validate_occurred_at(case, datetime(2026, 11, 20, 23, 30, tzinfo=ALMATY), "detected_at")
    error = exc.value.error_dict["detected_at"][0]
    assert error.code == "before_act"
    message = error.messages[0]
    assert "267-НҚ" in message and "21.11.2026" in message
    assert "қолданысқа енгізіледі" in message  # Kazakh, with the act's rule
    assert validate_occurred_at(case, datetime(2026, 11, 21, 0, 5, tzinfo=ALMATY)) is not None


@pytest.mark.django_db
def test_admin_shows_the_rule_and_the_date_it_yields(client, demo):
    LegalAct.objects.filter(code="s004").update(published_on=date(2024, 7, 1))
    client.force_login(demo["users"]["admin"])
    act = LegalAct.objects.get(code="s004")
    page = client.get(reverse("admin:registries_legalact_change", args=[act.pk]), HTTP_ACCEPT_LANGUAGE="kk")
    assert page.status_code == 200
    html = page.content.decode()
    assert "12.07.2024" in html and 'name="entry_into_force"' in html and "publication_10_days" in html
    listing = client.get(reverse("admin:registries_legalact_changelist"), HTTP_ACCEPT_LANGUAGE="kk")
    assert "12.07.2024" in listing.content.decode()
    assert (timedelta(days=11) + date(2024, 7, 1)).strftime("%d.%m.%Y") == "12.07.2024"


@pytest.mark.django_db
def test_seed_002_applies_in_the_wording_of_order_169_and_its_2019_amendment_has_its_own_rule():
    """Seed 002 notes: "Қағидалар жаңа редакцияда - … 19.03.2024 № 169/НҚ (алғашқы ресми жарияланған
    күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен" and "Бұйрықтың
    тақырыбы жаңа редакцияда – … 09.01.2019 № 3 (алғашқы ресми жарияланған күнінен кейін қолданысқа
    енгізіледі) бұйрығымен". The procedure follows the Rules in the 2024 wording, so nothing happens
    under it before No. 169/НҚ is in force; the 2019 order, which changed only the order's title and
    p. 1, enters into force the day after its publication."""
    act = LegalAct.objects.get(code="s002")
    wording = LegalAct.objects.get(code="s002-2024-169")
    assert wording.amends == act and wording.sets_current_wording
    assert act.wording_act == wording
    assert act.applies_from == date(2024, 3, 30)  # not before signing + 11 while the publication is not recorded
    wording.published_on = date(2024, 4, 2)
    wording.save()
    act = LegalAct.objects.get(code="s002")
    assert act.applies_from == date(2024, 4, 13)
    with translation.override("kk"):
        reason = act.refusal_reason(date(2024, 4, 12))
    assert "169/НҚ" in reason and "13.04.2024" in reason
    assert act.refusal_reason(date(2024, 4, 13)) is None

    amendment_2019 = LegalAct.objects.get(code="s002-2019-3")
    assert amendment_2019.entry_into_force == EntryIntoForce.AFTER_PUBLICATION
    assert not amendment_2019.sets_current_wording
    amendment_2019.published_on = date(2019, 1, 15)
    assert amendment_2019.in_force_from == date(2019, 1, 16)


@pytest.mark.django_db
def test_an_amendment_not_yet_in_force_refuses_steps_under_the_amended_act(demo):
    """The procedure waits for the wording it applies: an event before that amendment is in force is
    refused citing the amendment (seed 001 p. 2 "… № 370-НҚ … өткен соң қолданысқа енгізіледі")."""
    LegalAct.objects.filter(code="s001-2024-370").update(published_on=date(2026, 11, 10))
    act = LegalAct.objects.get(code="s001")
    assert act.applies_from == date(2026, 11, 21)
    assert "370-НҚ" in act.refusal_reason(date(2026, 11, 20))
