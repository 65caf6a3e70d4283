import path from "node:path";
import { startApp, type AppProcess } from "@preprint/test-support/app-process";

export const WEB_DIR = path.resolve(__dirname, "../..");

/** The built app behind its own standalone server (server/serve.mjs). */
export function startWebServer(env: Record<string, string> = {}): Promise<AppProcess> {
  return startApp({ name: "web", cwd: WEB_DIR, args: ["server/serve.mjs"], env: { HOST: "127.0.0.1", ...env }, timeoutMs: 15_000 });
}
