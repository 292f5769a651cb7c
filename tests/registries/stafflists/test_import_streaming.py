"""The staff-list import streams (seed 001 p. 5): rows are checked, diffed and saved a batch at a
time, queries are per batch and never per row, memory does not grow with the row count, and the
whole pass is still all or nothing."""

import io
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registries.stafflists.models import StaffList, StaffListEntry
from registries.stafflists.services import importing
from registries.stafflists.services.importing import ImportRefused, import_staff_list

from .factories import HEADER_RU, csv_bytes, make_list, person

pytestmark = pytest.mark.django_db


def run(demo, data, org="prosecutor", dry_run=False):
    return import_staff_list(data, organisation=demo["organisations"][org], half_year="2026-H2", dry_run=dry_run)


def people(count, start=1):
    return [person(i) for i in range(start, start + count)]


def test_a_binary_file_is_read_as_a_stream_and_left_open(demo):
    handle = io.BytesIO(csv_bytes(people(3)))
    result = run(demo, handle)
    assert result.ok, result.errors
    assert result.staff_list.entries.count() == 3 and result.row_count == 3
    assert not handle.closed  # the caller's file: a second pass (a retry) seeks back to its start


def test_a_duplicate_in_a_later_batch_names_the_first_row_and_nothing_is_saved(demo, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 2)  # rows 2–3 are saved in the first batch before row 5 is read
    rows = [*people(3), ["4", "Х Ы", "USER1@prokuror.kz", "87011234567", ""], person(5)]
    result = run(demo, csv_bytes(rows))
    assert [(e.row, e.column) for e in result.errors] == [(5, "Жұмыс электрондық поштасы")]
    assert "user1@prokuror.kz" in result.errors[0].message and "2" in result.errors[0].message
    assert not StaffList.objects.exists() and not StaffListEntry.objects.exists()


def test_an_invalid_row_in_the_last_batch_rolls_back_the_saved_batches(demo, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 2)
    rows = [*people(5), ["6", "Ж Ж", "z@x.kz", "+7 7172 123456", ""]]  # a landline in the last row
    result = run(demo, csv_bytes(rows))
    assert [e.row for e in result.errors] == [7]
    assert not StaffList.objects.exists() and not StaffListEntry.objects.exists()


def test_the_diff_is_the_same_across_batches(demo, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 2)
    org = demo["organisations"]["prosecutor"]
    make_list(org, state="accepted", emails=["a@x.kz", "b@x.kz", "c@x.kz", "d@x.kz"])
    rows = [["1", "Д Д", "d@x.kz", "87011234567", ""], *people(2), ["4", "А А", "a@x.kz", "87011234567", ""]]
    result = run(demo, csv_bytes(rows), dry_run=True)
    assert (result.new_count, result.changed_count + result.unchanged, result.dropped_count) == (2, 2, 2)
    assert [dropped[0] for dropped in result.dropped] == ["b@x.kz", "c@x.kz"]  # in the accepted list's order
    assert result.row_count == 4 and StaffList.objects.count() == 1  # dry run: nothing saved


def test_a_row_with_errors_does_not_count_as_kept_for_the_dropped_list(demo):
    make_list(demo["organisations"]["prosecutor"], state="accepted", emails=["a@x.kz"])
    result = run(demo, csv_bytes([["1", "", "a@x.kz", "87011234567", ""], person(2)]), dry_run=True)
    assert result.error_count == 1 and result.dropped_count == 1 and result.dropped[0][0] == "a@x.kz"


def test_queries_do_not_grow_with_the_rows_of_a_batch(demo):
    """No per-row look-ups (on PostgreSQL they made the library's import quadratic): 10 rows and
    300 rows cost the same queries, each of them per batch."""
    police = demo["organisations"]["police"]
    make_list(police, state="accepted", emails=["other@mvd.kz"])
    make_list(demo["organisations"]["prosecutor"], state="accepted", emails=["user1@prokuror.kz", "gone@prokuror.kz"])
    counts = []
    for size in (10, 300):
        StaffList.objects.filter(state="draft").delete()
        with CaptureQueriesContext(connection) as queries:
            result = run(demo, csv_bytes(people(size)))
        assert result.ok and result.staff_list.entries.count() == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_memory_does_not_grow_with_the_row_count(demo, monkeypatch):
    """Streamed: 4x the rows, about the same peak (the bytes of the file are the caller's)."""
    monkeypatch.setattr(importing, "CHUNK", 200)
    peaks = []
    for size in (1_000, 4_000):
        data = csv_bytes(people(size))
        StaffList.objects.filter(state="draft").delete()
        tracemalloc.start()
        try:
            result = run(demo, data)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        assert result.ok and result.row_count == size
    assert peaks[1] < 1.5 * peaks[0], peaks


def test_a_history_record_per_import(demo):
    first = run(demo, csv_bytes(people(3))).staff_list
    assert list(first.history.values_list("history_type", "entry_count")) == [("+", 3)]
    second = run(demo, csv_bytes(people(2, start=10))).staff_list
    assert second.pk == first.pk
    assert sorted(second.history.values_list("history_type", "entry_count")) == [("+", 3), ("~", 2)]


def test_a_bad_byte_past_the_first_block_is_refused_cleanly(demo):
    rows = [[str(i), "Иванов Иван", f"i{i}@mvd.kz", "87011234567", ""] for i in range(1, 400)]
    data = csv_bytes(rows, header=HEADER_RU, encoding="cp1251") + b"400,\x98,x@mvd.kz,87011234567,\r\n"
    assert len(data) > 8192
    with pytest.raises(ImportRefused) as info:
        run(demo, data)
    assert info.value.code == "not_spreadsheet"
    assert not StaffList.objects.exists() and not StaffListEntry.objects.exists()


def test_a_refusal_mid_file_leaves_the_connection_usable(demo, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 5)
    monkeypatch.setattr(importing, "CHUNK", 2)
    with pytest.raises(ImportRefused):
        run(demo, csv_bytes(people(8)))
    monkeypatch.setattr(importing, "MAX_ROWS", 100)
    assert run(demo, csv_bytes(people(8))).staff_list.entries.count() == 8
    assert run(demo, csv_bytes(people(8)), dry_run=True).ok  # the scratch table of a pass is gone after it
