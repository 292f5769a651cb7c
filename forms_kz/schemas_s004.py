"""The data schemas of seed 004's letters (Order No. 267-НҚ): Appendices 1–3 and the access-restriction
and lifting instructions (Law on Communications Art. 41-1; seed 004 p. 9–10)."""

from __future__ import annotations

from .codes import FormCode
from .schema_types import CHOICE, DATE, INT, LIST, PLATFORM_KIND, STR, TEXT, FormSchema, Key, _signatory

# --------------------------------------------------------------------------- seed 004
_PLATFORM_HEADER = (
    Key("platform_name", STR, True, "name of the online platform / messaging service"),
    Key("platform_address", STR, True, "postal address of the platform's administration"),
    Key("platform_phone", STR, False, "telephone of the platform's administration"),
    Key("platform_email", STR, True, "e-mail of the platform's administration"),
    PLATFORM_KIND,
)

S004_APP1 = FormSchema(
    code=FormCode.S004_APP1,
    title="Хабарлама хат (тыйым салынған ақпаратты жою туралы)",
    citation="№ 267-НҚ бұйрық, 5-т., 1-қосымша",
    source="seed 004 (Order 267-НҚ, 24.06.2024), p. 5, Appendix 1",
    keys=(
        *_PLATFORM_HEADER,
        Key("user_data", TEXT, True, "data of the user who posted the materials"),
        Key("legal_norms", TEXT, True, "norms of the legislative acts violated"),
        Key("violation_type", STR, True, "type of the violation"),
        Key("placement", STR, True,
            "where the unlawful materials are placed (printed in 'жою және ___ орналастырылған')"),
        Key("materials", LIST, True, "attachment: links to the materials, one row each", row=(
            Key("url", STR, True, "link to the material"),
            Key("screenshot", STR, False, "file name of its screenshot"),
            Key("screenshot_file", STR, False,
                "the stored screenshot (appended to the letter as a page of its own); 'sample:N' in samples"),
            Key("screenshot_sha256", STR, False, "SHA-256 of the stored screenshot (a changed file is not appended)"),
        )),
        Key("reply_email", STR, True, "e-mail where the platform reports its decision"),
        Key("reply_fax", STR, False, "fax where the platform may report its decision"),
        *_signatory(),
    ),
    sample={
        "platform_name": "Example Video Ltd.",
        "platform_address": "1 Harbour Street, Limassol 3035, Cyprus",
        "platform_phone": "+357 25 000 000",
        "platform_email": "legal@example-video.com",
        "platform_kind": "platform",
        "user_data": "«qazaq_truth_2026» аккаунты (ID 7781203344), 2026 жылғы 2 қарашадан бастап белсенді",
        "legal_norms": "«Бұқаралық ақпарат құралдары туралы» ҚР Заңының 20-бабы 2-тармағы; "
                       "ҚР Қылмыстық кодексінің 174-бабы",
        "violation_type": "Әлеуметтік, ұлттық, рулық, нәсілдік немесе діни араздықты қоздыру",
        "placement": "«qazaq_truth_2026» аккаунтында",
        "materials": [
            {"url": "https://video.example.com/watch?v=Qx81kLz", "screenshot": "scr_001.png", "screenshot_file": "sample:1"},
            {"url": "https://video.example.com/watch?v=Pa0r11m", "screenshot": "scr_002.png", "screenshot_file": "sample:2"},
        ],
        "reply_email": "monitoring@mki.gov.kz",
        "reply_fax": "+7 7172 74 00 01",
        "signatory_position": "Ақпарат комитетінің төрағасы",
        "signatory_name": "Серікбаев Ерлан Асқарұлы",
    },
)

S004_APP2 = FormSchema(
    code=FormCode.S004_APP2,
    title="Хабарлама (заңды өкілді тағайындау талабы туралы)",
    citation="№ 267-НҚ бұйрық, 6-т., 2-қосымша",
    source="seed 004 (Order 267-НҚ, 24.06.2024), p. 6, Appendix 2; Law on Online Platforms Art. 9 p. 1",
    keys=(
        *_PLATFORM_HEADER,
        Key("measures_subject", STR, True,
            "what must be removed / remedied (printed in 'жою және ___ заңға қайшы материалдарды жою')"),
        Key("reply_email", STR, True, "e-mail where the platform reports its decision"),
        Key("reply_fax", STR, False, "fax where the platform may report its decision"),
        Key("average_daily_users", INT, False,
            "average daily users in Kazakhstan over a month (the >100 000 test of Art. 9 p. 1); not printed"),
        *_signatory(),
    ),
    sample={
        "platform_name": "Example Video Ltd.",
        "platform_address": "1 Harbour Street, Limassol 3035, Cyprus",
        "platform_phone": "+357 25 000 000",
        "platform_email": "legal@example-video.com",
        "platform_kind": "platform",
        "measures_subject": "Қазақстан Республикасының аумағында заңды өкілді тағайындамау және "
                            "платформада орналастырылған",
        "reply_email": "monitoring@mki.gov.kz",
        "reply_fax": "+7 7172 74 00 01",
        "average_daily_users": 1850000,
        "signatory_position": "Ақпарат комитетінің төрағасы",
        "signatory_name": "Серікбаев Ерлан Асқарұлы",
    },
)

_SAMPLE_REGIONS = ["Астана қаласы", "Алматы қаласы", "Шымкент қаласы", "Ақмола облысы",
                   "Қарағанды облысы", "Шығыс Қазақстан облысы"]
_SAMPLE_PERIODS = ["00:00–06:00", "06:00–12:00", "12:00–18:00", "18:00–24:00"]

S004_APP3 = FormSchema(
    code=FormCode.S004_APP3,
    title="Нұсқама (трафиктің өткізу қабілеттілігін шектеу туралы)",
    citation="№ 267-НҚ бұйрық, 9, 10-т., 3-қосымша",
    source="seed 004 (Order 267-НҚ, 24.06.2024), p. 9–10, Appendix 3",
    keys=(
        Key("platform_name", STR, True, "name of the online platform / messaging service"),
        PLATFORM_KIND,
        Key("status_date", DATE, True, "the '__ (күні) жағдай бойынша' date: state of affairs as of"),
        Key("notice_register_number", STR, True, "register number of the earlier Appendix 2 notice"),
        Key("notice_date", DATE, True, "date of the earlier Appendix 2 notice"),
        Key("limits", LIST, True, "the table, one row per regional object and period", row=(
            Key("regional_object", STR, True,
                "regional object of the centralised network-management system"),
            Key("limit_kbps", INT, True, "upper limit of possible traffic throughput, Kbit/s"),
            Key("period", STR, True, "period of the day in which the limit applies, e.g. '18:00–24:00'"),
        )),
        Key("reduction_percent", CHOICE, False,
            "10 / 50 / 90: reduction from the peak of the STS statistics (p. 9 subp. 1–3); not printed "
            "in the act's form, printed as a note when given", choices=("10", "50", "90")),
        Key("addressees", LIST, False,
            "override of the two addressees of the form (default: «Мемлекеттік техникалық қызмет» АҚ "
            "and «Талдау және ақпарат орталығы» ШЖҚ РМК)", row=(
                Key("name", STR, True, "addressee name"),)),
        *_signatory(),
    ),
    sample={
        "platform_name": "Example Video",
        "platform_kind": "platform",
        "status_date": "2026-11-20",
        "notice_register_number": "04-12/2026/000087",
        "notice_date": "2026-03-02",
        "reduction_percent": "10",
        "limits": [
            {"regional_object": region, "limit_kbps": 90000 + 1500 * i + 700 * j, "period": period}
            for i, region in enumerate(_SAMPLE_REGIONS)
            for j, period in enumerate(_SAMPLE_PERIODS)
        ],
        "signatory_position": "Ақпарат комитетінің төрағасы",
        "signatory_name": "Серікбаев Ерлан Асқарұлы",
    },
)

_ADDRESSEES_OVERRIDE = Key("addressees", LIST, False, "override of the addressees printed in the header", row=(
    Key("name", STR, True, "addressee name"),))

S004_RESTRICTION = FormSchema(
    code=FormCode.S004_RESTRICTION,
    title="Нұсқама (қол жеткізуді шектеу туралы)",
    citation="«Байланыс туралы» ҚР Заңының 41-1-бабы 1-1-т.; № 267-НҚ бұйрық, 1, 5-т., 2-қосымша",
    source="Law on Communications Art. 41-1 p. 1-1; seed 004 (Order 267-НҚ) p. 1, p. 5 (Appendix 1 ignored) "
           "and Appendix 2 (the instruction within six hours of the notice's receipt)",
    keys=(
        Key("platform_name", STR, True, "name of the online platform / messaging service"),
        PLATFORM_KIND,
        Key("road", CHOICE, True, "'warning': after the Appendix 1 letter (p. 5); 'notice': after the Appendix 2 "
            "notice (six hours of its receipt)", choices=("warning", "notice")),
        Key("earlier_letter_number", STR, True, "register number of the Appendix 1 letter or Appendix 2 notice"),
        Key("earlier_letter_date", DATE, True, "date of that letter"),
        Key("notice_received_date", DATE, False, "the platform's receipt of the notice (the 'notice' road)"),
        Key("violation_type", STR, True, "type of the violation"),
        Key("legal_norms", TEXT, False, "norms of the legislative acts violated"),
        Key("content", TEXT, True, "the prohibited information to which access is restricted"),
        Key("materials", LIST, False, "links to the materials, one row each", row=(
            Key("url", STR, True, "link to the material"),)),
        Key("basis", TEXT, True, "grounds of the decision (the official's record)"),
        _ADDRESSEES_OVERRIDE,
        *_signatory(),
    ),
    sample={
        "platform_name": "Example Video Ltd.",
        "platform_kind": "platform",
        "road": "warning",
        "earlier_letter_number": "04-12/2026/000031",
        "earlier_letter_date": "2026-02-02",
        "violation_type": "Әлеуметтік, ұлттық, рулық, нәсілдік немесе діни араздықты қоздыру",
        "legal_norms": "«Бұқаралық ақпарат құралдары туралы» ҚР Заңының 20-бабы 2-тармағы",
        "content": "«qazaq_truth_2026» аккаунтындағы екі бейнежазба",
        "materials": [{"url": "https://video.example.com/watch?v=Qx81kLz"}],
        "basis": "Хабарлама хат елеусіз қалды; ақпарат 2026 жылғы 12 ақпанда да қолжетімді.",
        "signatory_position": "Ақпарат комитетінің төрағасы",
        "signatory_name": "Серікбаев Ерлан Асқарұлы",
    },
)

S004_LIFTING = FormSchema(
    code=FormCode.S004_LIFTING,
    title="Нұсқама (трафиктің өткізу қабілеттілігіне белгіленген шектеулерді алып тастау туралы)",
    citation="«Байланыс туралы» ҚР Заңының 41-1-бабы 1-1-т.; «Онлайн-платформалар және онлайн-жарнама туралы» "
             "ҚР Заңының 9-бабы 1-т.; № 267-НҚ бұйрық, 9, 10-т.",
    source="seed 004 (Order 267-НҚ) p. 9–10 and Appendix 3 (addressees, the instructions it revokes); "
           "Law on Online Platforms Art. 9 p. 1 (complied); Law on Communications Art. 41-1 p. 1-1",
    keys=(
        Key("platform_name", STR, True, "name of the online platform / messaging service"),
        PLATFORM_KIND,
        Key("notice_register_number", STR, True, "register number of the Appendix 2 notice"),
        Key("notice_date", DATE, True, "date of the Appendix 2 notice"),
        Key("representative", STR, True, "the legal representative the platform appointed"),
        Key("status_date", DATE, True, "as of this date the representative is known"),
        Key("instructions", LIST, True, "the Appendix 3 instructions whose limits are lifted", row=(
            Key("register_number", STR, True, "register number of the instruction"),
            Key("date", DATE, True, "date of the instruction"),
            Key("reduction_percent", CHOICE, True, "10 / 50 / 90", choices=("10", "50", "90")),
        )),
        _ADDRESSEES_OVERRIDE,
        *_signatory(),
    ),
    sample={
        "platform_name": "Example Video",
        "platform_kind": "platform",
        "notice_register_number": "04-12/2026/000087",
        "notice_date": "2026-03-02",
        "representative": "«Example Video KZ» ЖШС, Алматы қ., Әл-Фараби даңғылы, 77/7",
        "status_date": "2026-12-01",
        "instructions": [{"register_number": "04-12/2026/000140", "date": "2026-04-10", "reduction_percent": "10"}],
        "signatory_position": "Ақпарат комитетінің төрағасы",
        "signatory_name": "Серікбаев Ерлан Асқарұлы",
    },
)

#: Default addressees of the Appendix 3 instruction (seed 004, Appendix 3 header); the lifting
#: instruction goes to the same two.
S004_APP3_DEFAULT_ADDRESSEES = (
    "«Мемлекеттік техникалық қызмет» акционерлік қоғамы",
    "«Талдау және ақпарат орталығы» шаруашылық жүргізу құқығындағы республикалық мемлекеттік кәсіпорын",
)

#: Default addressees of the access-restriction instruction: the Law on Communications Art. 41-1
#: p. 1-1 instruction is executed by the STS (seed 004 p. 10) and the communication operators.
S004_RESTRICTION_DEFAULT_ADDRESSEES = (
    "«Мемлекеттік техникалық қызмет» акционерлік қоғамы",
    "Байланыс операторлары",
)
