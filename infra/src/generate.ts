import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generatedFiles } from "./index";

/** `pnpm --filter @preprint/infra run generate`: rewrites the files derived from src/topology.ts. */
const root = path.resolve(__dirname, "..");
for (const [rel, content] of Object.entries(generatedFiles())) {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  process.stdout.write(`wrote infra/${rel}\n`);
}
