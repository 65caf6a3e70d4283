import type { ServiceName } from "../proxy/routes";

export interface ComponentHealth {
  status: "up" | "down";
  error?: string;
  detail?: unknown;
}

/**
 * What the public `/api/health` shows: each component up or down, nothing else. The services'
 * readiness details and error texts (host names, driver messages) are for operators only
 * (operations port, `/health/dependencies`).
 */
export function publicHealth(components: Record<string, ComponentHealth>): Record<string, { status: "up" | "down" }> {
  return Object.fromEntries(Object.entries(components).map(([name, c]) => [name, { status: c.status }]));
}

/** Calls each service's /health/ready and checks our own database, in parallel, each with a timeout. */
export async function aggregateHealth(
  targets: Record<ServiceName, string>,
  database: () => Promise<unknown>,
  timeoutMs = 2000,
): Promise<{ ready: boolean; components: Record<string, ComponentHealth> }> {
  const components: Record<string, ComponentHealth> = {};
  const probes = Object.entries(targets).map(async ([name, base]) => {
    try {
      const res = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(timeoutMs) });
      const detail = await res.json().catch(() => undefined);
      components[name] = res.ok ? { status: "up", detail } : { status: "down", error: `HTTP ${res.status}`, detail };
    } catch (err) {
      components[name] = { status: "down", error: (err as Error).name === "TimeoutError" ? "timed out" : "unreachable" };
    }
  });
  probes.push(
    (async () => {
      try {
        await Promise.race([database(), new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), timeoutMs).unref())]);
        components.gatewayDatabase = { status: "up" };
      } catch (err) {
        components.gatewayDatabase = { status: "down", error: (err as Error).message };
      }
    })(),
  );
  await Promise.all(probes);
  return { ready: Object.values(components).every((c) => c.status === "up"), components };
}
