import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dockerfiles, generatedFiles } from "./index";

/**
 * `pnpm --filter @preprint/infra run generate`: rewrites the files derived from src/topology.ts
 * and the apps' Dockerfiles from src/dockerfiles.ts.
 */
const repo = path.resolve(__dirname, "../..");
const files = { ...Object.fromEntries(Object.entries(generatedFiles()).map(([rel, c]) => [`infra/${rel}`, c])), ...dockerfiles() };
for (const [rel, content] of Object.entries(files)) {
  const file = path.join(repo, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  process.stdout.write(`wrote ${rel}\n`);
}
