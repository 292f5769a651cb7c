"""PostgreSQL: the reviewer's search is served by the fact indexes (exact and prefix, no leading-% LIKE)."""

import pytest
from django.db import connection

from cases.violations.models import ViolationFact

from .factories import complete_report


@pytest.mark.postgres
@pytest.mark.django_db
def test_exact_and_prefix_search_use_the_value_index(demo):
    complete_report(demo, facts=(("url", "https://example.kz/a/b"), ("domain", "example.kz")))
    exact = ViolationFact.objects.filter(value_ascii="example.kz").values("report_id")
    prefix = ViolationFact.objects.filter(value_ascii__startswith="https://example.kz/a").values("report_id")
    host = ViolationFact.objects.filter(host="example.kz").values("report_id")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for queryset, index in ((exact, "violation_fact_value"), (prefix, "violation_fact_value"), (host, "violation_fact_host")):
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, plan
