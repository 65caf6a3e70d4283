import type { AddressInfo } from "node:net";
import express from "express";
import { idempotency, type RawSqlClient } from "../src";

/**
 * The lease a request takes on its key, as the middleware writes it. The database is a recorder of
 * the statements (the SQL itself runs against PostgreSQL in the payment service's tests).
 */
function recorder() {
  const claims: Date[] = [];
  const db: RawSqlClient = {
    async $executeRawUnsafe(query: string, ...values: unknown[]) {
      if (query.includes("INSERT INTO")) claims.push(values[5] as Date);
      return 1;
    },
    async $queryRawUnsafe<T>() {
      return [] as T;
    },
  };
  return { db, claims };
}

async function leaseOf(opts: { lockMs?: number }): Promise<number> {
  const { db, claims } = recorder();
  const app = express();
  app.post("/x", idempotency({ db, userId: () => "usr_1", ...opts }), (_req, res) => {
    res.status(201).json({ ok: true });
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  try {
    const before = Date.now();
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, {
      method: "POST",
      headers: { "idempotency-key": "k1" },
    });
    expect(res.status).toBe(201);
    expect(claims).toHaveLength(1);
    return claims[0]!.getTime() - before;
  } finally {
    await new Promise((r) => server.close(r));
  }
}

describe("idempotency lease", () => {
  it("when no lease is configured, then a claim outlasts two 60-s upstream calls with 30 s to spare, so a retry cannot take over a request still waiting on its upstream", async () => {
    expect(await leaseOf({})).toBeGreaterThanOrEqual(2 * 60_000 + 30_000);
  });

  it("when a lease is configured, then the claim holds the key that long", async () => {
    const lease = await leaseOf({ lockMs: 300_000 });
    expect(lease).toBeGreaterThanOrEqual(300_000);
    expect(lease).toBeLessThan(360_000);
  });
});
