"""Reports name the section of a shared feature they speak for (a railway's Bình Giang section).

A feature crossing several districts is reported per district section. The new column is
nullable: every existing report, and every report on a feature in one district, has no section
and speaks for the whole feature — so all rows written before this migration stay valid as they are.
The append-only triggers of 0001 are untouched (ADD COLUMN rewrites no row).

Revision ID: 0102_report_section
Revises: 0101_indicator_reports
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0102_report_section"
down_revision = "0101_indicator_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("reports", sa.Column("section", sa.String(100), nullable=True))


def downgrade() -> None:
    # SQLite cannot drop a column of a table with triggers in place without a rebuild; history is
    # never rewritten, so the downgrade keeps the column (harmless: older code ignores it).
    if op.get_bind().dialect.name != "sqlite":
        op.drop_column("reports", "section")
