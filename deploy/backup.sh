#!/bin/sh
# Nightly backup: the database (custom format, restorable table by table) and
# both media folders. Keeps 14 days here; copy BACKUP_DIR off the machine too.
# Reads the same environment as the app (DATABASE_URL, MEDIA_ROOT,
# PRIVATE_MEDIA_ROOT) plus BACKUP_DIR.
set -eu
BACKUP_DIR=${BACKUP_DIR:-/srv/backups/coproduce}
stamp=$(date -u +%Y%m%dT%H%MZ)
mkdir -p "$BACKUP_DIR"
pg_dump --format=custom --no-owner --file="$BACKUP_DIR/db-$stamp.dump" "$DATABASE_URL"
tar -C "$MEDIA_ROOT" -czf "$BACKUP_DIR/media-$stamp.tar.gz" .
tar -C "$PRIVATE_MEDIA_ROOT" -czf "$BACKUP_DIR/private-$stamp.tar.gz" .
find "$BACKUP_DIR" -type f -mtime +14 -delete
