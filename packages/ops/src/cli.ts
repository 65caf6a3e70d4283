import { parseArgs } from "node:util";
import { checkMoney, DEFAULT_GRACE_MS, type MoneyCheckConfig } from "./check";
import { formatReport } from "./report";

const USAGE = `preprint-money-check — compare the reservation, payment (and notification) databases with PortOne

Usage: preprint-money-check [--json] [--grace 10m] [--since 30d|2026-01-01] [--no-portone-list]

Environment (required unless marked):
  RESERVATION_DATABASE_URL    the reservation service's database
  PAYMENT_DATABASE_URL        the payment service's database
  NOTIFICATION_DATABASE_URL   optional: also check that customers were told once per money event
  PORTONE_API_BASE_URL        https://api.portone.io (live) or the sandbox origin
  PORTONE_API_SECRET          PortOne V2 API secret (read-only calls only: GET /payments…)
  PORTONE_STORE_ID            optional: PortOne store id (needed when the secret spans several stores)

Options:
  --json             machine-readable result on stdout
  --grace <dur>      rows changed within this window are reported as in flight, not failures (default 10m; 0 = none)
  --since <when>     only rows created since an ISO date or a duration ago (7d, 12h); default everything
  --no-portone-list  do not list PortOne's payments to find ones the payment database does not know
  --timeout <dur>    per PortOne call (default 10s)

Exit code: 0 no findings, 1 findings, 2 bad usage or a database/PortOne error.`;

/** "10m", "30s", "2h", "7d", "1500ms" or a number of milliseconds. */
export function parseDuration(s: string): number {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(s.trim());
  if (!m) throw new Error(`not a duration: "${s}" (use e.g. 30s, 10m, 2h, 7d)`);
  const n = Number(m[1]);
  return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? "ms") as "ms"];
}

function parseSince(s: string, now: Date): Date {
  if (/^\d+(ms|s|m|h|d)$/.test(s)) return new Date(now.getTime() - parseDuration(s));
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new Error(`--since: not a date or duration: "${s}"`);
  return d;
}

/** Builds the check's configuration from argv and env; throws with every problem named. */
export function configFrom(argv: string[], env: NodeJS.ProcessEnv): { cfg: MoneyCheckConfig; json: boolean } | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: "boolean", default: false },
      grace: { type: "string" },
      since: { type: "string" },
      timeout: { type: "string" },
      "no-portone-list": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  const problems: string[] = [];
  const need = (name: string) => {
    const v = env[name]?.trim();
    if (!v) problems.push(`${name} is not set`);
    return v ?? "";
  };
  const url = (name: string, v: string, protocols: string[]) => {
    if (!v) return;
    try {
      if (!protocols.includes(new URL(v).protocol)) problems.push(`${name} must be a ${protocols.join(" or ")} URL`);
    } catch {
      problems.push(`${name} is not a URL`);
    }
  };
  const reservationDatabaseUrl = need("RESERVATION_DATABASE_URL");
  const paymentDatabaseUrl = need("PAYMENT_DATABASE_URL");
  const notificationDatabaseUrl = env.NOTIFICATION_DATABASE_URL?.trim() || undefined;
  const baseUrl = need("PORTONE_API_BASE_URL");
  const secret = need("PORTONE_API_SECRET");
  for (const [n, v] of [
    ["RESERVATION_DATABASE_URL", reservationDatabaseUrl],
    ["PAYMENT_DATABASE_URL", paymentDatabaseUrl],
    ["NOTIFICATION_DATABASE_URL", notificationDatabaseUrl ?? ""],
  ] as const) {
    url(n, v, ["postgres:", "postgresql:"]);
  }
  url("PORTONE_API_BASE_URL", baseUrl, ["http:", "https:"]);
  let graceMs = DEFAULT_GRACE_MS;
  let since: Date | undefined;
  let timeoutMs: number | undefined;
  try {
    if (values.grace !== undefined) graceMs = parseDuration(values.grace);
  } catch (err) {
    problems.push(`--grace: ${(err as Error).message}`);
  }
  try {
    if (values.since !== undefined) since = parseSince(values.since, new Date());
  } catch (err) {
    problems.push((err as Error).message);
  }
  try {
    if (values.timeout !== undefined) timeoutMs = parseDuration(values.timeout);
  } catch (err) {
    problems.push(`--timeout: ${(err as Error).message}`);
  }
  if (problems.length) throw new Error(problems.join("\n"));
  return {
    json: values.json ?? false,
    cfg: {
      reservationDatabaseUrl,
      paymentDatabaseUrl,
      notificationDatabaseUrl,
      portone: { baseUrl, secret, storeId: env.PORTONE_STORE_ID?.trim() || undefined, timeoutMs },
      graceMs,
      since,
      listPortOne: !values["no-portone-list"],
    },
  };
}

/** The command; resolves with the exit code. Output never contains the API secret or database passwords. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => process.stdout.write(s + "\n"),
    err: (s) => process.stderr.write(s + "\n"),
  },
): Promise<number> {
  let parsed: ReturnType<typeof configFrom>;
  try {
    parsed = configFrom(argv, env);
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === "help") {
    io.out(USAGE);
    return 0;
  }
  try {
    const result = await checkMoney(parsed.cfg);
    io.out(parsed.json ? JSON.stringify(result, null, 2) : formatReport(result));
    return result.failures > 0 ? 1 : 0;
  } catch (err) {
    // pg errors name host/database, never the password; PortOne errors never carry the secret
    io.err(`money check could not run: ${(err as Error).message}`);
    return 2;
  }
}
