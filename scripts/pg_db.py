"""Create or drop the throwaway PostgreSQL database of a CI run: pg_db.py create|drop NAME."""

import sys

import psycopg

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def main(action: str, name: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=10) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if action == "create":
            connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
