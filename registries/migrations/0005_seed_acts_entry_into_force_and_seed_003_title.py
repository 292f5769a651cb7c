"""The seed acts' entry-into-force rules as their final clauses state them; seed 003 under its own
title, in force from its state registration, and its repeal worded as the act's note has it."""

from django.db import migrations

TEN_DAYS = "publication_10_days"
REGISTRATION = "registration"

TEN_DAYS_WORDS = "алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі."

ACTS = {
    "s000": {"entry_into_force": TEN_DAYS, "entry_into_force_clause": f"4. Осы бұйрық {TEN_DAYS_WORDS}"},
    "s001": {"entry_into_force": TEN_DAYS, "entry_into_force_clause": f"4. Осы бұйрық {TEN_DAYS_WORDS}"},
    "s002": {
        "entry_into_force": TEN_DAYS,
        "entry_into_force_clause": "4. Осы бұйрық алғаш ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң "
        "қолданысқа енгізіледі.",
    },
    "s003": {
        "title_kk": "Қазақстан Республикасының телекоммуникация желілерінде жедел-іздестіру іс-шараларын жүргізетін "
        "аппараттық-бағдарламалық және техникалық құралдарды енгізу және пайдалану кезіндегі мемлекеттік органдар мен "
        "ұйымдардың өзара іс-қимыл ережелерін бекіту туралы",
        "title_ru": "Об утверждении Правил взаимодействия государственных органов и организаций при внедрении и "
        "эксплуатации аппаратно-программных и технических средств проведения оперативно-розыскных мероприятий на "
        "сетях телекоммуникаций Республики Казахстан",
        "entry_into_force": REGISTRATION,
        "entry_into_force_clause": "3. Осы бұйрық Қазақстан Республикасының Әділет министрлігінде мемлекеттік "
        "тіркеуден өткен күнінен бастап күшіне енеді.",
        "repealed_by": "ҚР Көлік және коммуникациялар министрінің 23.04.2012 № 196 және ҚР Ұлттық қауіпсіздік "
        "комитеті Төрағасының 28.04.2012 № 194 бірлескен бұйрығымен",
    },
    "s004": {"entry_into_force": TEN_DAYS, "entry_into_force_clause": f"5. Осы бұйрық {TEN_DAYS_WORDS}"},
}

PREVIOUS_S003 = {
    "title_kk": "Қазақстан Республикасының телекоммуникация желілерінде жедел-іздестіру іс-шараларын жүргізуге "
    "арналған техникалық құралдарға қойылатын талаптар туралы бірлескен бұйрық",
    "title_ru": "Совместный приказ о требованиях к техническим средствам для проведения оперативно-розыскных "
    "мероприятий в сетях телекоммуникаций Республики Казахстан",
    "repealed_by": "ҚР Көлік және коммуникациялар министрінің 2012 жылғы 23 сәуірдегі № 196 және ҚР Ұлттық "
    "қауіпсіздік комитеті Төрағасының 2012 жылғы 28 сәуірдегі № 194 бірлескен бұйрығы",
}


def forwards(apps, schema_editor):
    LegalAct = apps.get_model("registries", "LegalAct")
    for code, values in ACTS.items():
        LegalAct.objects.filter(code=code).update(**values)


def backwards(apps, schema_editor):
    LegalAct = apps.get_model("registries", "LegalAct")
    LegalAct.objects.filter(code__in=ACTS).update(entry_into_force=TEN_DAYS, entry_into_force_clause="")
    LegalAct.objects.filter(code="s003").update(**PREVIOUS_S003)


class Migration(migrations.Migration):
    dependencies = [("registries", "0004_legal_act_entry_into_force")]

    operations = [migrations.RunPython(forwards, backwards)]
