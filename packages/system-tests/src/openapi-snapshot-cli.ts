// Regenerates docs/openapi.json (and docs/openapi/<service>.json) from the services' declarations:
//   pnpm exec turbo run build --filter=@preprint/system-tests... && pnpm --filter @preprint/system-tests run openapi:snapshot
import path from "node:path";
import { buildSnapshot, writeSnapshot } from "./openapi-snapshot";
import { REPO_ROOT } from "./system";

const snapshot = buildSnapshot();
for (const file of writeSnapshot(snapshot)) console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
for (const part of snapshot.services) if (part.unavailable) console.warn(`${part.service}: no document (${part.unavailable})`);
