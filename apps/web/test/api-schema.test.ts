/** The web app's API types are generated from the committed OpenAPI document and kept in step with it. */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const WEB_DIR = path.resolve(__dirname, "..");
const DOCUMENT = path.resolve(WEB_DIR, "../../docs/openapi.json");
const GENERATE = path.join(WEB_DIR, "scripts/gen-api.mjs");

function check(documentPath: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(process.execPath, [GENERATE, "--check"], {
      cwd: WEB_DIR,
      env: { ...process.env, OPENAPI_DOCUMENT: documentPath },
      encoding: "utf8",
      stdio: "pipe",
    });
    return { ok: true, output };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

describe("generated API types", () => {
  test("when src/api/schema.d.ts is checked against docs/openapi.json, then it is what gen:api writes", () => {
    const result = check(DOCUMENT);
    expect(result.output).toContain("matches the document");
    expect(result.ok).toBe(true);
  });

  test("when the document gains an operation, then the check fails and names the command that fixes it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "web-openapi-"));
    const changed = path.join(dir, "openapi.json");
    copyFileSync(DOCUMENT, changed);
    const doc = JSON.parse(readFileSync(changed, "utf8")) as { paths: Record<string, unknown> };
    doc.paths["/api/added-for-the-test"] = { get: { operationId: "getAddedForTheTest", responses: { 200: { description: "ok" } } } };
    writeFileSync(changed, JSON.stringify(doc));
    const result = check(changed);
    expect(result.ok).toBe(false);
    expect(result.output).toContain("gen:api");
  });
});
