"""SQLite projects: tables, sessions, migrations, seeding, import and export."""
