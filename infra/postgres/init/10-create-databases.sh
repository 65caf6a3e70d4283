#!/bin/sh
# Runs once, on the first start of an empty data volume (postgres image entrypoint).
# One database per service (docs/conventions.md); each service migrates its own schema.
set -eu
for db in ${PREPRINT_DATABASES:-preprint_gateway preprint_reservation preprint_payment preprint_notification preprint_printing}; do
  if ! psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    echo "creating database $db"
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" -c "CREATE DATABASE \"$db\""
  fi
done
