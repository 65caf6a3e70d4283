/**
 * Writes src/api/schema.d.ts from the public API's OpenAPI document (docs/openapi.json, the
 * committed snapshot of the gateway's GET /api/docs). `--check` writes nothing and fails when the
 * committed file differs from what the document gives, so a changed API cannot go unnoticed by
 * the web app's types. OPENAPI_DOCUMENT points at another copy of the document (e.g. one saved
 * from a running gateway).
 *
 *   pnpm --filter @preprint/web run gen:api            # regenerate
 *   pnpm --filter @preprint/web run gen:api -- --check  # fail when stale
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const documentPath = path.resolve(process.env.OPENAPI_DOCUMENT ?? path.join(here, "../../../docs/openapi.json"));
const target = path.join(here, "../src/api/schema.d.ts");

const HEADER = `/**
 * Generated from docs/openapi.json by \`pnpm --filter @preprint/web run gen:api\`. Do not edit:
 * change the services' schemas, regenerate the document, then run the command.
 */

`;

export async function generate(file = documentPath) {
  const document = JSON.parse(readFileSync(file, "utf8"));
  const ast = await openapiTS(document, { alphabetize: true });
  return HEADER + astToString(ast);
}

const check = process.argv.includes("--check");
const fresh = await generate();
if (check) {
  let committed = "";
  try {
    committed = readFileSync(target, "utf8");
  } catch {
    /* missing counts as stale */
  }
  if (committed !== fresh) {
    console.error(
      `src/api/schema.d.ts is stale against ${path.relative(process.cwd(), documentPath)}: run pnpm --filter @preprint/web run gen:api`,
    );
    process.exit(1);
  }
  console.log("src/api/schema.d.ts matches the document");
} else {
  writeFileSync(target, fresh);
  console.log(`wrote src/api/schema.d.ts from ${documentPath}`);
}
