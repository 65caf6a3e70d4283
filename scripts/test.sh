#!/usr/bin/env bash
# One command runs every test: unit, component (real PostgreSQL + RabbitMQ), end-to-end and browser.
source "$(dirname "$0")/lib.sh"
ensure_pnpm
# the suites read only the environment (not .env): the admin database URL and AMQP_URL, local by default
ensure_services PREPRINT_TEST_ADMIN_DATABASE_URL
ensure_chromium
# the print agent's tests start real IPP printers
ensure_ipp_printer
install_deps
log "decision records index"
node scripts/adr-index.mjs --check
log "build, typecheck, lint"
pnpm exec turbo run build typecheck lint --output-logs=errors-only
log "tests"
# two at a time: this machine has 2 cores and the suites share PostgreSQL and RabbitMQ
# --continue: report every failing suite in one run, not just the first
# The suites' output interleaves; a failure scrolls far up. On failure, each failing suite's
# jest report (from its first "●") is printed again at the end, where a CI log's tail shows it.
test_log="$(mktemp)"
trap 'rm -f "$test_log"' EXIT
if ! pnpm exec turbo run test --concurrency=2 --continue --output-logs=new-only 2>&1 | tee "$test_log"; then
  log "failing suites, again"
  for task in $(sed -n 's/^Failed: *//p; s/^ *\(@[^ ]*#test\)$/\1/p' "$test_log" | tr ',' ' ' | sort -u); do
    prefix="${task%#test}:test:"
    grep -F "$prefix" "$test_log" | sed -n '/●/,$p' | head -n 200
  done
  exit 1
fi
# the fault suite breaks brokers, databases and processes on purpose: alone, after everything else
pnpm --filter @preprint/system-tests run test:fault
