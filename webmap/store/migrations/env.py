"""Alembic environment: runs on the connection handed over by :mod:`webmap.store.migrate`."""

from __future__ import annotations

from alembic import context

from webmap.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # ALTER in place where the backend can, table copies on SQLite
)
with context.begin_transaction():
    context.run_migrations()
