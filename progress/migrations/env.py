"""Alembic environment: run by ``ProgressStore.migrate()`` with an open connection (no alembic.ini)."""
from __future__ import annotations

from alembic import context

from progress.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the store drives migrations
    raise RuntimeError("progress migrations run through ProgressStore.migrate()")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
