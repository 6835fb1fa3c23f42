"""Sign-in throttle table; append-only holds against REPLACE/UPSERT (SQLite) and TRUNCATE (PostgreSQL).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

* ``sign_in_throttle`` replaces ``users.failed_count``/``locked_until`` (a per-user count read before
  the password check let parallel sign-ins through; see ``progress.throttle``). Those two columns held
  only transient lock state, no user data.
* SQLite's ``INSERT OR REPLACE`` deletes the old row without firing delete triggers (unless
  ``recursive_triggers``) and UPSERT turns an insert into an update: a BEFORE INSERT trigger refuses
  any insert naming an existing id. (https://www.sqlite.org/lang_conflict.html)
* PostgreSQL's row triggers do not see TRUNCATE: a statement-level BEFORE TRUNCATE trigger refuses it
  even for the owner. The app's own role gets no TRUNCATE, UPDATE or DELETE on reports at all
  (``progress.privileges``).
"""
from alembic import op
import sqlalchemy as sa

from progress.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(400), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("first_failure_at", UTCDateTime, nullable=True),
        sa.Column("last_failure_at", UTCDateTime, nullable=True),
        sa.Column("locked_until", UTCDateTime, nullable=True),
        sa.Column("strikes", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_success_at", UTCDateTime, nullable=True),
    )
    op.create_index("ix_sign_in_throttle_last_failure", "sign_in_throttle", ["last_failure_at"])
    with op.batch_alter_table("users") as batch:
        batch.drop_column("failed_count")
        batch.drop_column("locked_until")

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER reports_no_overwrite BEFORE INSERT ON reports "
            "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM reports WHERE id = NEW.id) "
            "BEGIN SELECT RAISE(ABORT, 'reports are append-only'); END"
        )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER reports_no_truncate BEFORE TRUNCATE ON reports "
            "FOR EACH STATEMENT EXECUTE FUNCTION reports_append_only()"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS reports_no_overwrite")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS reports_no_truncate ON reports")
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("failed_count", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", UTCDateTime, nullable=True))
    op.drop_index("ix_sign_in_throttle_last_failure", "sign_in_throttle")
    op.drop_table("sign_in_throttle")
