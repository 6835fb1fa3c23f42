"""Values of the 2030 targets reported per year (append-only, like reports).

Revision ID: 0101_indicator_reports
Revises: 0001
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

from progress.models import UTCDateTime

revision = "0101_indicator_reports"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_reports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("indicator_id", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("estimate", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("source", sa.Text, nullable=True),
        sa.Column("evidence_url", sa.Text, nullable=True),
        sa.Column("reported_by", sa.String(100), nullable=False),
        sa.Column("reported_at", UTCDateTime, nullable=False),
        sa.Column("corrects_report_id", sa.Integer,
                  sa.ForeignKey("indicator_reports.id", name="fk_indicator_reports_corrects"), nullable=True),
    )
    op.create_index("ix_indicator_reports_key", "indicator_reports", ["indicator_id", "year", "as_of", "id"])

    # History is never rewritten: the database itself refuses UPDATE and DELETE — and, as for reports
    # (migration 0002), SQLite's INSERT OR REPLACE / UPSERT over an existing id and PostgreSQL's TRUNCATE.
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER indicator_reports_no_{action.lower()} BEFORE {action} ON indicator_reports "
                "BEGIN SELECT RAISE(ABORT, 'indicator reports are append-only'); END"
            )
        op.execute(
            "CREATE TRIGGER indicator_reports_no_overwrite BEFORE INSERT ON indicator_reports "
            "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM indicator_reports WHERE id = NEW.id) "
            "BEGIN SELECT RAISE(ABORT, 'indicator reports are append-only'); END"
        )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION indicator_reports_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'indicator reports are append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER indicator_reports_no_update_delete BEFORE UPDATE OR DELETE ON indicator_reports "
            "FOR EACH ROW EXECUTE FUNCTION indicator_reports_append_only()"
        )
        op.execute(
            "CREATE TRIGGER indicator_reports_no_truncate BEFORE TRUNCATE ON indicator_reports "
            "FOR EACH STATEMENT EXECUTE FUNCTION indicator_reports_append_only()"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS indicator_reports_no_truncate ON indicator_reports")
        op.execute("DROP TRIGGER IF EXISTS indicator_reports_no_update_delete ON indicator_reports")
        op.execute("DROP FUNCTION IF EXISTS indicator_reports_append_only()")
    elif bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS indicator_reports_no_update")
        op.execute("DROP TRIGGER IF EXISTS indicator_reports_no_delete")
        op.execute("DROP TRIGGER IF EXISTS indicator_reports_no_overwrite")
    op.drop_index("ix_indicator_reports_key", "indicator_reports")
    op.drop_table("indicator_reports")
