#!/bin/sh
# Monthly restore test: a backup you have never restored is a hope, not a
# backup. Restores the newest dump into a scratch database, runs the app's
# checks and migrations plan against it, counts what matters, then drops it.
# Needs createdb/dropdb rights on the database server (RESTORE_ADMIN_URL).
set -eu
BACKUP_DIR=${BACKUP_DIR:-/srv/backups/coproduce}
: "${RESTORE_ADMIN_URL:?set RESTORE_ADMIN_URL, e.g. postgres://postgres@db.internal:5432/postgres}"
dump=$(ls -1t "$BACKUP_DIR"/db-*.dump | head -n 1)
scratch=coproduce_restore_test
base=${RESTORE_ADMIN_URL%/*}
psql "$RESTORE_ADMIN_URL" -c "DROP DATABASE IF EXISTS $scratch" -c "CREATE DATABASE $scratch"
pg_restore --no-owner --dbname="$base/$scratch" "$dump"
DATABASE_URL="$base/$scratch" "${PYTHON:-.venv/bin/python}" manage.py migrate --plan | tail -n 3
DATABASE_URL="$base/$scratch" "${PYTHON:-.venv/bin/python}" manage.py check --deploy
psql "$base/$scratch" -At -c "SELECT 'inquiries', count(*) FROM consult_inquiry UNION ALL SELECT 'findings', count(*) FROM consult_finding UNION ALL SELECT 'ballots', count(*) FROM consult_priorityballot"
tar -tzf "$(ls -1t "$BACKUP_DIR"/media-*.tar.gz | head -n 1)" > /dev/null && echo "media archive reads"
psql "$RESTORE_ADMIN_URL" -c "DROP DATABASE $scratch"
echo "restore test passed: $dump"
