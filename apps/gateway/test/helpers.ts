import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { signAccessToken } from "@preprint/auth";
import { createLogger } from "@preprint/service-kit";
import { createMigratedDatabase, type TestDatabase } from "@preprint/test-support";
import { testConfig, type GatewayConfig } from "../src/config";
import { createPrisma, type PrismaClient } from "../src/db/client";
import { createGateway, type Gateway } from "../src/gateway";

export const APP_DIR = path.resolve(__dirname, "..");
export const JWT_SECRET = "gateway-test-secret-0123456789-abcdefghij";

export function migratedDatabase(prefix = "gateway"): Promise<TestDatabase> {
  return createMigratedDatabase(APP_DIR, prefix);
}

export interface Backend {
  url: string;
  port: number;
  /** requests seen, in order: method, url, headers */
  seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  server: http.Server;
  close(): Promise<void>;
}

/** A real node:http service the test owns; by default echoes what it got as JSON. */
export async function startBackend(handler?: (req: IncomingMessage, res: ServerResponse) => void): Promise<Backend> {
  const seen: Backend["seen"] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    if (handler) return handler(req, res);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          body: Buffer.concat(chunks).toString("utf8"),
          requestId: req.headers["x-request-id"],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (a service that is down). */
export async function deadPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export interface TestGateway {
  url: string;
  /** the operations server (metrics, detailed readiness) */
  opsUrl: string;
  gw: Gateway;
  prisma: PrismaClient;
  config: GatewayConfig;
  close(): Promise<void>;
}

export async function startGateway(db: TestDatabase, env: Record<string, string | undefined> = {}): Promise<TestGateway> {
  const config = testConfig({
    JWT_SECRET,
    GATEWAY_DATABASE_URL: db.url,
    SCRYPT_LOG_N: "14",
    WEB_DIST_DIR: path.join(APP_DIR, "test/fixtures/no-such-dist"),
    ...env,
  });
  const prisma = createPrisma(db.url, 3);
  const gw = createGateway({ config, prisma, logger: createLogger("gateway-test", process.env.TEST_LOG_LEVEL ?? "silent") });
  await new Promise<void>((resolve) => gw.server.listen(0, "127.0.0.1", () => resolve()));
  await new Promise<void>((resolve) => gw.ops.listen(0, "127.0.0.1", () => resolve()));
  const port = (gw.server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    opsUrl: `http://127.0.0.1:${(gw.ops.address() as AddressInfo).port}`,
    gw,
    prisma,
    config,
    close: async () => {
      await gw.stop();
      await prisma.$disconnect();
    },
  };
}

export const token = (claims: { sub: string; role: "customer" | "staff"; storeId?: string }, secret = JWT_SECRET, ttl = 900) =>
  signAccessToken({ email: "a@example.com", name: "테스트", phone: "01012345678", ...claims }, secret, ttl);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** node:http request (fetch normalises `..` and forbids some headers). */
export function rawRequest(
  url: string,
  opts: {
    method?: string;
    path: string;
    headers?: http.OutgoingHttpHeaders;
    body?: string | Buffer;
    /** default: a connection of its own */ agent?: http.Agent;
  },
): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method: opts.method ?? "GET", path: opts.path, headers: opts.headers, agent: opts.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}
