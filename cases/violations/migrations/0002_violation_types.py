"""The initial reference list of violation types (Appendix 2 item 1); officials edit it afterwards."""

from django.db import migrations

TYPES = [
    ("extremism", "Экстремизмді немесе терроризмді насихаттау", "Пропаганда экстремизма или терроризма"),
    ("discord", "Әлеуметтік, нәсілдік, ұлттық, діни алауыздықты қоздыру", "Возбуждение социальной, расовой, национальной, религиозной розни"),
    ("drugs", "Есірткі құралдарын, психотроптық заттарды насихаттау және жарнамалау", "Пропаганда и реклама наркотических средств и психотропных веществ"),
    ("suicide", "Суицидті насихаттау", "Пропаганда суицида"),
    ("gambling", "Заңсыз құмар ойын бизнесі", "Незаконный игорный бизнес"),
    ("pyramid", "Қаржы пирамидасын құру және оған қатысу", "Создание финансовой пирамиды и участие в ней"),
    ("pornography", "Порнографиялық материалдарды тарату", "Распространение порнографических материалов"),
    ("children", "Балалардың денсаулығы мен дамуына зиян келтіретін ақпарат", "Информация, причиняющая вред здоровью и развитию детей"),
    ("court_ban", "Заңды күшіне енген сот актісімен тыйым салынған ақпарат", "Информация, запрещённая вступившим в законную силу судебным актом"),
    ("other", "Заңмен тыйым салынған өзге де ақпарат", "Иная информация, запрещённая законом"),
]


def load(apps, schema_editor):
    ViolationType = apps.get_model("violations", "ViolationType")
    for code, name_kk, name_ru in TYPES:
        ViolationType.objects.update_or_create(code=code, defaults={"name_kk": name_kk, "name_ru": name_ru})


class Migration(migrations.Migration):
    dependencies = [("violations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
