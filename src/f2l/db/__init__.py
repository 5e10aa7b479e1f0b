"""F2L's database: models, engine/session factories, Alembic migrations and repositories.

One migration chain runs on SQLite (the embedded default) and PostgreSQL (`DATABASE_URL`).
"""
