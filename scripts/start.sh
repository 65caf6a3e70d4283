#!/usr/bin/env bash
# One command: install, databases, migrations, demo data, build, start every app.
source "$(dirname "$0")/lib.sh"
ensure_pnpm
# .env first: its *_DATABASE_URL / AMQP_URL decide whether local servers are needed at all
ensure_env_file
ensure_services
install_deps
log "building"
pnpm exec turbo run build --output-logs=errors-only
migrate_all
log "writing the merchant information (SITE_* in .env) for the web app"
pnpm --filter @preprint/web run -s site:write
log "seeding demo data"
for app in apps/*/; do
  if node -e "process.exit(require('./${app}package.json').scripts?.seed ? 0 : 1)"; then
    pnpm --dir "$app" run -s seed
  fi
done
exec node scripts/stack.mjs
