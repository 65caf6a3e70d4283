#!/usr/bin/env bash
# pnpm bench: builds, then measures the gateway, the booking pipeline, the outbox relay, memory and
# hot-slot contention in one run (packages/bench). Not part of pnpm test. ~4–5 minutes.
# Knobs (env): BENCH_QUICK=1 (a ~1.5-minute smoke run), BENCH_ROUNDS, BENCH_WRK_SECONDS,
# BENCH_BOOKING_RATE, BENCH_BOOKING_SECONDS, BENCH_CLOSED_CONCURRENCY … (packages/bench/README.md).
source "$(dirname "$0")/lib.sh"
ensure_pnpm
# the benchmark reads only the environment (not .env): the admin database URL and AMQP_URL, local by default
ensure_services PREPRINT_TEST_ADMIN_DATABASE_URL
ensure_bench_tools
install_deps
log "build"
pnpm exec turbo run build --filter=@preprint/bench... --filter=@preprint/messaging --output-logs=errors-only
log "benchmark"
node packages/bench/dist/main.js
