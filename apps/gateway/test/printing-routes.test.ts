import { randomBytes } from "node:crypto";
import { createTokenVerifier, signAccessToken } from "@preprint/auth";
import type { TestDatabase } from "@preprint/test-support";
import { JWT_SECRET, migratedDatabase, startBackend, startGateway, token, type Backend, type TestGateway } from "./helpers";

let db: TestDatabase;
let printing: Backend;
let reservation: Backend;
let gw: TestGateway;
const deviceToken = `ppd_${randomBytes(32).toString("base64url")}`;

beforeAll(async () => {
  db = await migratedDatabase("gateway_printing");
  const echo = (service: string) => (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
    req.resume();
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ service, url: req.url, authorization: req.headers.authorization ?? null }));
    });
  };
  printing = await startBackend(echo("printing"));
  reservation = await startBackend(echo("reservation"));
  gw = await startGateway(db, {
    PRINTING_URL: printing.url,
    RESERVATION_URL: reservation.url,
    NOTIFICATION_URL: reservation.url,
    PAYMENT_URL: reservation.url,
  });
});
afterAll(async () => {
  await gw?.close();
  await Promise.all([printing?.close(), reservation?.close()]);
  await db?.drop();
});

const get = (path: string, authorization?: string, method = "GET") =>
  fetch(`${gw.url}${path}`, {
    method,
    headers: { ...(authorization ? { authorization } : {}), "content-type": "application/json" },
    body: method === "GET" ? undefined : "{}",
  });

describe("store devices and printing at the edge", () => {
  it.each([
    ["GET", "/api/agent/jobs?wait=25", "/agent/jobs?wait=25"],
    ["POST", "/api/agent/jobs/pj_1/events", "/agent/jobs/pj_1/events"],
    ["GET", "/api/agent/jobs/pj_1/document?attempt=1", "/agent/jobs/pj_1/document?attempt=1"],
    ["POST", "/api/kiosk/release", "/kiosk/release"],
    ["GET", "/api/kiosk/reservations/rsv_1", "/kiosk/reservations/rsv_1"],
  ])("when a device calls %s %s with its token, then printing receives %s with the token", async (method, path, expected) => {
    const res = await get(path, `Bearer ${deviceToken}`, method);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ service: "printing", url: expected, authorization: `Bearer ${deviceToken}` });
  });

  it("when a device route is called with a user token or none, then 401 and printing is not called", async () => {
    const before = printing.seen.length;
    const staff = await token({ sub: "stf_1", role: "staff", storeId: "sto_1" });
    for (const auth of [`Bearer ${staff}`, undefined]) {
      const res = await get("/api/agent/jobs", auth);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe("DEVICE_TOKEN_INVALID");
    }
    expect(printing.seen.length).toBe(before);
  });

  it("when a device token is sent to any other route, public ones included, then 401 and no service is called", async () => {
    const before = printing.seen.length + reservation.seen.length;
    for (const path of ["/api/stores", "/api/reservations", "/api/admin/stores/sto_1/devices"]) {
      const res = await get(path, `Bearer ${deviceToken}`);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe("DEVICE_TOKEN_NOT_ALLOWED");
    }
    expect(printing.seen.length + reservation.seen.length).toBe(before);
  });

  it("when staff or an owner manage devices, then printing receives it; a customer is refused; other admin paths are not routed", async () => {
    const staff = await token({ sub: "stf_1", role: "staff", storeId: "sto_1" });
    const created = await get("/api/admin/stores/sto_1/devices", `Bearer ${staff}`, "POST");
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ service: "printing", url: "/admin/stores/sto_1/devices" });
    const del = await get("/api/admin/stores/sto_1/devices/dev_1", `Bearer ${staff}`, "DELETE");
    expect(((await del.json()) as { url: string }).url).toBe("/admin/stores/sto_1/devices/dev_1");

    const owner = await signAccessToken({ sub: "own_1", role: "owner" as never, storeId: "sto_1" }, JWT_SECRET);
    const before = printing.seen.length;
    const byOwner = await get("/api/admin/stores/sto_1/devices", `Bearer ${owner}`);
    // the auth package decides whether an `owner` token verifies at all; one that does is let through
    let ownerVerifies = true;
    try {
      createTokenVerifier(JWT_SECRET)(owner);
    } catch {
      ownerVerifies = false;
    }
    expect(byOwner.status).toBe(ownerVerifies ? 200 : 401);

    const customer = await token({ sub: "usr_1", role: "customer" });
    expect((await get("/api/admin/stores/sto_1/devices", `Bearer ${customer}`)).status).toBe(403);
    const other = await get("/api/admin/users", `Bearer ${staff}`);
    expect(other.status).toBe(404);
    expect(printing.seen.length).toBe(before + (ownerVerifies ? 1 : 0));
  });
});
