// Loads Prisma's WASM schema engine (@prisma/schema-engine-wasm), the same engine the Prisma
// CLI could use, because the CLI itself insists on a native binary it downloads from
// binaries.prisma.sh (P3) — impossible offline.
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { createAdapter } from "./adapter.mjs";
import { patchPgCharType } from "./pg-char-patch.mjs";

const require = createRequire(import.meta.url);

let runtimePromise;

// Instantiate the module the way @prisma/internals' wasmSchemaEngineLoader does: the package's
// "." entry expects a bundler to wire up the .wasm file, so we do it by hand.
async function loadRuntime() {
  const runtime = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmPath = path.join(path.dirname(bgPath), "schema_engine_bg.wasm");
  const module = new WebAssembly.Module(await fs.readFile(wasmPath));
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": runtime });
  runtime.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return runtime;
}

/**
 * Open a schema engine on the database in `url`.
 * @param {{ url: string, schemaPath: string, schemaContent: string }} opts
 */
export async function openEngine({ url, schemaPath, schemaContent }) {
  patchPgCharType(); // P4, must happen before the engine's first catalog query
  runtimePromise ??= loadRuntime();
  const runtime = await runtimePromise;
  // The callback receives the engine's log lines; silent unless DEBUG_SCHEMA_ENGINE is set.
  const onLog = process.env.DEBUG_SCHEMA_ENGINE ? (line) => console.error(`[schema-engine] ${String(line).trimEnd()}`) : () => {};
  return runtime.SchemaEngine.new({ datamodels: [[schemaPath, schemaContent]] }, onLog, createAdapter(url));
}

/** Engine calls throw plain objects or Errors; get a readable message out of either. */
export function engineErrorMessage(err) {
  if (err instanceof Error) return err.message;
  if (err && typeof err === "object") return err.message ?? err.error ?? JSON.stringify(err);
  return String(err);
}
