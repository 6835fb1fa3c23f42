"""Reports (append-only), users and sessions.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa

from progress.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("feature_id", sa.String(120), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("progress_pct", sa.Float, nullable=True),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("evidence_url", sa.Text, nullable=True),
        sa.Column("unit", sa.String(200), nullable=True),
        sa.Column("reported_by", sa.String(100), nullable=False),
        sa.Column("reported_at", UTCDateTime, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("capital_allocated_bn", sa.Numeric(18, 3, asdecimal=False), nullable=True),
        sa.Column("capital_disbursed_bn", sa.Numeric(18, 3, asdecimal=False), nullable=True),
        sa.Column("corrects_report_id", sa.Integer, sa.ForeignKey("reports.id", name="fk_reports_corrects"), nullable=True),
        sa.Column("source", sa.Text, nullable=True),
        sa.CheckConstraint("progress_pct IS NULL OR (progress_pct >= 0 AND progress_pct <= 100)", name="ck_reports_pct"),
    )
    op.create_index("ix_reports_feature_asof", "reports", ["feature_id", "as_of", "reported_at", "id"])
    op.create_index("ix_reports_asof", "reports", ["as_of"])

    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("failed_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", UTCDateTime, nullable=True),
        sa.CheckConstraint("role IN ('viewer', 'reporter', 'admin')", name="ck_users_role"),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", name="fk_sessions_user"), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False),
    )

    # History is never rewritten: the database itself refuses UPDATE and DELETE on reports.
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER reports_no_update BEFORE UPDATE ON reports "
            "BEGIN SELECT RAISE(ABORT, 'reports are append-only'); END"
        )
        op.execute(
            "CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports "
            "BEGIN SELECT RAISE(ABORT, 'reports are append-only'); END"
        )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION reports_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'reports are append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER reports_no_update_delete BEFORE UPDATE OR DELETE ON reports "
            "FOR EACH ROW EXECUTE FUNCTION reports_append_only()"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS reports_no_update_delete ON reports")
        op.execute("DROP FUNCTION IF EXISTS reports_append_only()")
    elif bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS reports_no_update")
        op.execute("DROP TRIGGER IF EXISTS reports_no_delete")
    op.drop_table("sessions")
    op.drop_table("users")
    op.drop_index("ix_reports_asof", "reports")
    op.drop_index("ix_reports_feature_asof", "reports")
    op.drop_table("reports")
