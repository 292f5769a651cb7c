"""The amending acts the seeds' notes ("Ескерту") name, each with its own entry-into-force rule:
seed 002's 2019 amendment (order No. 3, in force after the day of publication) and its 2024 new
wording of the Rules (No. 169/НҚ), seed 001's 2024 amendment of p. 2 (No. 370-НҚ)."""

import datetime

from django.db import migrations

AMENDMENTS = [
    {
        "code": "s002-2019-3",
        "amends": "s002",
        "title_kk": "№ 58 бұйрықтың тақырыбы мен 1-тармағы жаңа редакцияда",
        "title_ru": "Заголовок и пункт 1 приказа № 58 в новой редакции",
        "issuer": "ҚР Ақпарат және коммуникациялар министрі",
        "number": "3",
        "signed_on": datetime.date(2019, 1, 9),
        "entry_into_force": "after_publication",
        "entry_into_force_clause": "Ескерту. Бұйрықтың тақырыбы жаңа редакцияда – ҚР Ақпарат және коммуникациялар "
        "министрінің 09.01.2019 № 3 (алғашқы ресми жарияланған күнінен кейін қолданысқа енгізіледі) бұйрығымен.",
        "sets_current_wording": False,
    },
    {
        "code": "s002-2024-169",
        "amends": "s002",
        "title_kk": "№ 58 бұйрықпен бекітілген Қағидалар жаңа редакцияда",
        "title_ru": "Правила, утверждённые приказом № 58, в новой редакции",
        "issuer": "ҚР Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрі",
        "number": "169/НҚ",
        "signed_on": datetime.date(2024, 3, 19),
        "entry_into_force": "publication_10_days",
        "entry_into_force_clause": "Ескерту. Қағидалар жаңа редакцияда - ҚР Цифрлық даму, инновациялар және "
        "аэроғарыш өнеркәсібі министрінің 19.03.2024 № 169/НҚ (алғашқы ресми жарияланған күнінен кейін күнтізбелік "
        "он күн өткен соң қолданысқа енгізіледі) бұйрығымен.",
        "sets_current_wording": True,
    },
    {
        "code": "s001-2024-370",
        "amends": "s001",
        "title_kk": "№ 409 бұйрықпен бекітілген Қағидалардың 2-тармағына өзгеріс енгізу",
        "title_ru": "Изменение пункта 2 Правил, утверждённых приказом № 409",
        "issuer": "ҚР Мәдениет және ақпарат министрінің м.а.",
        "number": "370-НҚ",
        "signed_on": datetime.date(2024, 8, 22),
        "entry_into_force": "publication_10_days",
        "entry_into_force_clause": "Ескерту. 2-тармаққа өзгеріс енгізілді - ҚР Мәдениет және ақпарат министрінің м.а. "
        "22.08.2024 № 370-НҚ (алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа "
        "енгізіледі) бұйрығымен.",
        "sets_current_wording": True,
    },
]


def forwards(apps, schema_editor):
    LegalAct = apps.get_model("registries", "LegalAct")
    for values in AMENDMENTS:
        values = dict(values)
        amended = LegalAct.objects.filter(code=values.pop("amends")).first()
        if amended is None:
            continue
        LegalAct.objects.update_or_create(code=values.pop("code"), defaults={**values, "amends": amended})


def backwards(apps, schema_editor):
    apps.get_model("registries", "LegalAct").objects.filter(code__in=[a["code"] for a in AMENDMENTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("registries", "0006_legal_act_amendments")]

    operations = [migrations.RunPython(forwards, backwards)]
