"""SQLAlchemy models of the progress store (the schema itself is created by Alembic migrations).

``reports`` is append-only: the API has no update or delete, and the database refuses update,
delete, overwrite (SQLite REPLACE/UPSERT) and truncate with triggers (migrations 0001, 0002); on
PostgreSQL the app's role may only SELECT and INSERT it (``progress.privileges``). A correction is
a new row naming ``corrects_report_id``.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware (SQLite keeps no zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    pass


class Report(Base):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    feature_id: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    progress_pct: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    note: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    evidence_url: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    unit: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    reported_by: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    as_of: Mapped[date] = mapped_column(sa.Date, nullable=False)
    capital_allocated_bn: Mapped[float | None] = mapped_column(sa.Numeric(18, 3, asdecimal=False), nullable=True)
    capital_disbursed_bn: Mapped[float | None] = mapped_column(sa.Numeric(18, 3, asdecimal=False), nullable=True)
    corrects_report_id: Mapped[int | None] = mapped_column(sa.Integer, sa.ForeignKey("reports.id"), nullable=True)
    source: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    # The district section of a shared feature this report speaks for; None = the whole feature (0002).
    section: Mapped[str | None] = mapped_column(sa.String(100), nullable=True)

    __table_args__ = (
        sa.CheckConstraint("progress_pct IS NULL OR (progress_pct >= 0 AND progress_pct <= 100)", name="ck_reports_pct"),
        sa.Index("ix_reports_feature_asof", "feature_id", "as_of", "reported_at", "id"),
        sa.Index("ix_reports_asof", "as_of"),
    )


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(sa.String(100), nullable=False, unique=True)
    role: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    scope: Mapped[str] = mapped_column(sa.Text, nullable=False)  # JSON list of districts/units/ids, or ["*"]
    password_hash: Mapped[str] = mapped_column(sa.Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class Session(Base):
    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # sha256 of the token
    user_id: Mapped[int] = mapped_column(sa.Integer, sa.ForeignKey("users.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class SignInThrottle(Base):
    """Failed sign-in counters, one row per key (account, client, or account × client): see ``progress.throttle``."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(sa.String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    first_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    strikes: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)  # locks so far: each lasts twice as long
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (sa.Index("ix_sign_in_throttle_last_failure", "last_failure_at"),)


reports = Report.__table__
users = User.__table__
sessions = Session.__table__
sign_in_throttle = SignInThrottle.__table__
