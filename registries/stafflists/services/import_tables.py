"""The database side of the staff-list import (``importing.py``): the scratch table of the
e-mails read so far and bulk writes (PostgreSQL's COPY, else ``executemany``), per batch."""

from django.db import connection
from django.db.models.expressions import RawSQL

from ..models import StaffListEntry

SEEN_TABLE = "stafflists_import_seen"


class SeenEmails:
    """The e-mails of the rows read so far, in a temporary table of the connection (the first
    line of each, and whether that row is kept): the duplicate check and the "dropped" side of
    the diff without holding a million e-mails in memory. Created inside the import's
    transaction, so a rollback removes it too."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.table = f"{'pg_temp' if connection.vendor == 'postgresql' else 'temp'}.{SEEN_TABLE}"
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")  # noqa: S608  # nosec B608 (constant name)
        cursor.execute(
            f"CREATE TEMPORARY TABLE {SEEN_TABLE} (email VARCHAR(254) PRIMARY KEY, line INTEGER NOT NULL, kept INTEGER NOT NULL)"
        )

    def first_lines(self, emails) -> dict[str, int]:
        if not emails:
            return {}
        if connection.vendor == "postgresql":  # one array parameter, not thousands of placeholders
            self.cursor.execute(f"SELECT email, line FROM {self.table} WHERE email = ANY(%s)", [list(emails)])  # noqa: S608  # nosec B608
        else:
            self.cursor.execute(
                f"SELECT email, line FROM {self.table} WHERE email IN ({', '.join(['%s'] * len(emails))})",  # noqa: S608  # nosec B608
                list(emails),
            )
        return dict(self.cursor.fetchall())

    def add(self, entries) -> None:
        if entries:
            _insert(self.cursor, self.table, ("email", "line", "kept"), entries)

    def dropped(self, accepted_id: int, limit: int) -> list[tuple]:
        """The accepted list's entries no kept row names, in its order (at most ``limit``)."""
        opts = StaffListEntry._meta
        quote = connection.ops.quote_name
        column = {name: quote(opts.get_field(name).column) for name in (
            "staff_list", "row_number", "email", "full_name", "phone", "position", "subordinate_name")}
        self.cursor.execute(
            f"SELECT e.{column['email']}, e.{column['full_name']}, e.{column['phone']}, e.{column['position']}, "  # noqa: S608  # nosec B608
            f"e.{column['subordinate_name']} FROM {quote(opts.db_table)} e WHERE e.{column['staff_list']} = %s "
            f"AND NOT EXISTS (SELECT 1 FROM {self.table} s WHERE s.email = e.{column['email']} AND s.kept = 1) "
            f"ORDER BY e.{column['row_number']} LIMIT %s",
            [accepted_id, limit],
        )
        return [tuple(values) for values in self.cursor.fetchall()]

    def drop(self) -> None:
        self.cursor.execute(f"DROP TABLE IF EXISTS {self.table}")  # noqa: S608  # nosec B608


def _insert(cursor, table: str, columns, values) -> None:
    """Rows into ``table`` (a quoted model table or the scratch table): PostgreSQL's COPY, else
    ``executemany``."""
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # nosec B608
            for row in values:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # quoted names only  # noqa: S608  # nosec B608
    cursor.executemany(sql, values)


def _emails_in(emails):
    """The right side of an ``email__in`` for a batch: on PostgreSQL one array parameter (a
    subquery over ``unnest``), not thousands of placeholders to bind and parse."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::text[])", (list(emails),))
    return list(emails)
