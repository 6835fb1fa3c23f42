"""What the app's own PostgreSQL role may do: SELECT and INSERT, plus changes only where they are the point.

Why: if the app connects as the tables' owner (or a superuser), anyone who gets its connection can
``TRUNCATE reports`` or ``ALTER TABLE reports DISABLE TRIGGER`` and then rewrite history. So the
tables belong to a *migration* role that only migrations use, and the app's role gets exactly
``APP_PRIVILEGES`` — re-granted after every migration, so a new table is covered the day it appears
(reading and appending, unless listed here).
"""
from __future__ import annotations

import sqlalchemy as sa

# Tables where rows are changed in place by design; every other table is append-only for the app.
APP_PRIVILEGES: dict[str, str] = {
    "users": "SELECT, INSERT, UPDATE, DELETE",  # role/scope/password changes, removal
    "sessions": "SELECT, INSERT, DELETE",  # sign-out, expiry
    "sign_in_throttle": "SELECT, INSERT, UPDATE, DELETE",  # failure counters
    "alembic_version": "SELECT",  # the app checks the schema is current; only migrations move it
}
DEFAULT_PRIVILEGES = "SELECT, INSERT"


def _quote(conn: sa.Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def grant_app_role(conn: sa.Connection, role: str) -> list[str]:
    """Give ``role`` its privileges on every table and sequence of the current schema (PostgreSQL).

    Revokes everything first, so a privilege removed here is removed there too. Returns the
    tables granted, for the log.
    """
    schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    who, where = _quote(conn, role), _quote(conn, schema)
    tables = list(conn.execute(sa.text(
        "SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY tablename"), {"s": schema}).scalars())
    conn.execute(sa.text(f"GRANT USAGE ON SCHEMA {where} TO {who}"))
    conn.execute(sa.text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {where} FROM {who}"))
    for table in tables:
        privileges = APP_PRIVILEGES.get(table, DEFAULT_PRIVILEGES)
        conn.execute(sa.text(f"GRANT {privileges} ON {where}.{_quote(conn, table)} TO {who}"))
    conn.execute(sa.text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {where} FROM {who}"))
    conn.execute(sa.text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {who}"))
    return tables
