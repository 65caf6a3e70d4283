// The agent's settings, from the environment (README: Configuration).
import fs from "node:fs";
import { z } from "zod";

const ms = (def: number) => z.coerce.number().int().min(1).default(def);

const envSchema = z.object({
  PRINT_AGENT_CLOUD_URL: z.url(),
  PRINT_AGENT_TOKEN: z.string().min(1).optional(),
  /** A file holding the token (systemd credentials, a secret mount): preferred over the variable. */
  PRINT_AGENT_TOKEN_FILE: z.string().min(1).optional(),
  PRINT_AGENT_PRINTER_URI: z.string().regex(/^(ipps?|https?):\/\//, "an ipp:// or ipps:// printer URI"),
  PRINT_AGENT_STATE_DIR: z.string().min(1).default("./state"),
  PRINT_AGENT_POLL_WAIT_SECONDS: z.coerce.number().int().min(0).max(60).default(25),
  PRINT_AGENT_JOB_POLL_MS: ms(1000),
  PRINT_AGENT_PRINTER_POLL_MS: ms(30_000),
  PRINT_AGENT_HEARTBEAT_MS: ms(60_000),
  PRINT_AGENT_RETRY_MIN_MS: ms(500),
  PRINT_AGENT_RETRY_MAX_MS: ms(30_000),
  PRINT_AGENT_PRINTER_JOB_HISTORY_SECONDS: z.coerce.number().int().min(0).default(60),
  PRINT_AGENT_MAX_DOCUMENT_MB: z.coerce.number().int().min(1).default(200),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export interface AgentConfig {
  cloudUrl: string;
  token: string;
  printerUri: string;
  stateDir: string;
  pollWaitSeconds: number;
  jobPollMs: number;
  printerPollMs: number;
  heartbeatMs: number;
  retryMinMs: number;
  retryMaxMs: number;
  printerJobHistoryMs: number;
  maxDocumentBytes: number;
  logLevel: "debug" | "info" | "warn" | "error";
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`print-agent: bad configuration\n${problems}`);
  }
  const e = parsed.data;
  const token = e.PRINT_AGENT_TOKEN_FILE ? fs.readFileSync(e.PRINT_AGENT_TOKEN_FILE, "utf8").trim() : e.PRINT_AGENT_TOKEN;
  if (!token)
    throw new Error("print-agent: bad configuration\n  PRINT_AGENT_TOKEN or PRINT_AGENT_TOKEN_FILE: the device token is required");
  return {
    cloudUrl: e.PRINT_AGENT_CLOUD_URL,
    token,
    printerUri: e.PRINT_AGENT_PRINTER_URI,
    stateDir: e.PRINT_AGENT_STATE_DIR,
    pollWaitSeconds: e.PRINT_AGENT_POLL_WAIT_SECONDS,
    jobPollMs: e.PRINT_AGENT_JOB_POLL_MS,
    printerPollMs: e.PRINT_AGENT_PRINTER_POLL_MS,
    heartbeatMs: e.PRINT_AGENT_HEARTBEAT_MS,
    retryMinMs: e.PRINT_AGENT_RETRY_MIN_MS,
    retryMaxMs: e.PRINT_AGENT_RETRY_MAX_MS,
    printerJobHistoryMs: e.PRINT_AGENT_PRINTER_JOB_HISTORY_SECONDS * 1000,
    maxDocumentBytes: e.PRINT_AGENT_MAX_DOCUMENT_MB * 1024 * 1024,
    logLevel: e.LOG_LEVEL,
  };
}
