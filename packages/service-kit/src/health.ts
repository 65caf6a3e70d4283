import express, { type Router } from "express";

export type ReadinessCheck = () => Promise<unknown> | unknown;

export interface HealthState {
  /** flipped by graceful shutdown so load balancers stop sending traffic first */
  shuttingDown: boolean;
}

async function withTimeout(check: ReadinessCheck, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(check),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** `/health/live` alone: the process is up. */
export function livenessRouter(service: string): Router {
  const router = express.Router();
  router.get("/health/live", (_req, res) => {
    res.json({ status: "ok", service });
  });
  return router;
}

/** `/health/live`: the process is up. `/health/ready`: every dependency answers (database, broker). */
export function healthRouter(service: string, checks: Record<string, ReadinessCheck>, state: HealthState, timeoutMs = 2000): Router {
  const router = express.Router();
  router.use(livenessRouter(service));
  router.get("/health/ready", async (_req, res) => {
    const results: Record<string, { status: "up" | "down"; error?: string }> = {};
    await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check, timeoutMs);
          results[name] = { status: "up" };
        } catch (err) {
          results[name] = { status: "down", error: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    const ready = !state.shuttingDown && Object.values(results).every((r) => r.status === "up");
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? "ready" : state.shuttingDown ? "shutting-down" : "not-ready", service, checks: results });
  });
  return router;
}
