#!/usr/bin/env bash
# One command runs every test: unit, component (real PostgreSQL + RabbitMQ), end-to-end and browser.
source "$(dirname "$0")/lib.sh"
ensure_pnpm
ensure_services
ensure_chromium
install_deps
log "build, typecheck, lint"
pnpm exec turbo run build typecheck lint --output-logs=errors-only
log "tests"
# two at a time: this machine has 2 cores and the suites share PostgreSQL and RabbitMQ
# --continue: report every failing suite in one run, not just the first
pnpm exec turbo run test --concurrency=2 --continue --output-logs=new-only
# the fault suite breaks brokers, databases and processes on purpose: alone, after everything else
pnpm --filter @preprint/system-tests run test:fault
