import io

import factory

from registries.stafflists.models import StaffList, StaffListEntry

HEADER_KK = ["№ р/с", "Тегі, аты, әкесінің аты (болған жағдайда)", "Жұмыс электрондық поштасы", "Ұялы телефон", "Лауазымы"]
HEADER_RU = ["№", "ФИО", "Рабочий e-mail", "Мобильный телефон", "Должность"]
HEADER_EN = ["No.", "Full name", "Work e-mail", "Mobile phone", "Position"]


def person(i: int, domain: str = "prokuror.kz", russian: bool = False):
    name = f"Абдрахманов{i} Галым Нурланович" if russian else f"Әбдірахманов{i} Ғалым Нұрланұлы"
    return [str(i), name, f"user{i}@{domain}", f"8 (701) {i % 1000:03d}-{i % 100:02d}-{(i * 7) % 100:02d}", "Прокурор"]


def csv_bytes(rows, header=HEADER_KK, delimiter=",", encoding="utf-8", bom=False) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, header=HEADER_KK, title_rows=()) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in title_rows:
        sheet.append(line)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class StaffListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffList

    half_year = "2026-H2"
    signatory_position = "Бас прокурордың орынбасары"
    signatory_name = "Әбдірахманов Дәурен Серікұлы"


class StaffListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffListEntry

    row_number = factory.Sequence(lambda n: n + 1)
    full_name = factory.Sequence(lambda n: f"Қуанышева{n} Өмірзая Сейітқызы")
    email = factory.Sequence(lambda n: f"person{n}@example.kz")
    phone = factory.Sequence(lambda n: f"+7701{n:07d}")
    position = "Маман"


def make_list(organisation, state="draft", entries=3, half_year="2026-H2", emails=None):
    """A list in any state (the state field is protected: set it through the queryset)."""
    staff_list = StaffListFactory(organisation=organisation, half_year=half_year)
    emails = emails or [f"p{staff_list.pk}-{i}@example.kz" for i in range(entries)]
    for i, email in enumerate(emails):
        StaffListEntryFactory(staff_list=staff_list, email=email, row_number=i + 1)
    StaffList.objects.filter(pk=staff_list.pk).update(state=state, entry_count=len(emails))
    staff_list.refresh_from_db()
    return staff_list
