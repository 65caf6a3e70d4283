import { call, customerToken, OTHER_STORE, registerDevice, staffToken, startRig, STORE, type Rig } from "./harness";

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
}, 60_000);
afterAll(() => rig?.dispose());

describe("devices of a store", () => {
  it("when staff register a device, then its token is shown once with a recognisable prefix and only a hash is kept", async () => {
    const res = await call(rig, "POST", `/api/admin/stores/${STORE.id}/devices`, {
      token: await staffToken(STORE.id),
      body: { kind: "PRINT_AGENT", name: "카운터 PC" },
    });
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^ppd_[A-Za-z0-9_-]{43}$/);
    expect(res.body).toMatchObject({ storeId: STORE.id, kind: "PRINT_AGENT", name: "카운터 PC", revokedAt: null });
    expect(res.headers.get("cache-control")).toBe("no-store");

    const row = await rig.service.prisma.device.findUniqueOrThrow({ where: { id: res.body.deviceId } });
    expect(JSON.stringify(row)).not.toContain(res.body.token);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    const list = await call(rig, "GET", `/api/admin/stores/${STORE.id}/devices`, { token: await staffToken(STORE.id) });
    expect(list.status).toBe(200);
    const listed = list.body.devices.find((d: { deviceId: string }) => d.deviceId === res.body.deviceId);
    expect(listed.tokenHint).toBe(res.body.token.slice(0, 8) + "…");
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
  });

  it("when staff of another store, a customer or nobody asks, then they are refused", async () => {
    const path = `/api/admin/stores/${STORE.id}/devices`;
    const other = await call(rig, "POST", path, { token: await staffToken(OTHER_STORE.id), body: { kind: "KIOSK", name: "x" } });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe("OTHER_STORE");
    expect((await call(rig, "GET", path, { token: await staffToken(OTHER_STORE.id) })).status).toBe(403);
    expect((await call(rig, "GET", path, { token: await customerToken() })).status).toBe(403);
    const none = await call(rig, "GET", path);
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toContain("application/problem+json");
  });

  it("when a device token is used on an admin route or on the other kind's routes, then it is refused", async () => {
    const kiosk = await registerDevice(rig, "KIOSK");
    const agent = await registerDevice(rig, "PRINT_AGENT");
    const admin = await call(rig, "GET", `/api/admin/stores/${STORE.id}/devices`, { token: kiosk.token });
    expect(admin.status).toBe(401);
    const kioskOnAgent = await call(rig, "GET", "/api/agent/jobs?wait=0", { token: kiosk.token });
    expect(kioskOnAgent.status).toBe(403);
    expect(kioskOnAgent.body.code).toBe("DEVICE_KIND_MISMATCH");
    const agentOnKiosk = await call(rig, "POST", "/api/kiosk/release", { token: agent.token, body: { pickupCode: "123456" } });
    expect(agentOnKiosk.status).toBe(403);
    const jwtOnAgent = await call(rig, "GET", "/api/agent/jobs?wait=0", { token: await staffToken(STORE.id) });
    expect(jwtOnAgent.status).toBe(401);
    expect(jwtOnAgent.body.code).toBe("DEVICE_TOKEN_INVALID");
  });

  it("when a device is revoked, then its token is refused on the next request; another store's staff cannot revoke it", async () => {
    const agent = await registerDevice(rig, "PRINT_AGENT");
    expect((await call(rig, "GET", "/api/agent/jobs?wait=0", { token: agent.token })).status).toBe(200);

    const foreign = await call(rig, "DELETE", `/api/admin/stores/${OTHER_STORE.id}/devices/${agent.deviceId}`, {
      token: await staffToken(OTHER_STORE.id),
    });
    expect(foreign.status).toBe(404);
    expect((await call(rig, "GET", "/api/agent/jobs?wait=0", { token: agent.token })).status).toBe(200);

    const del = await call(rig, "DELETE", `/api/admin/stores/${STORE.id}/devices/${agent.deviceId}`, { token: await staffToken(STORE.id) });
    expect(del.status).toBe(204);
    const after = await call(rig, "GET", "/api/agent/jobs?wait=0", { token: agent.token });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe("DEVICE_TOKEN_INVALID");
    expect(
      (await call(rig, "DELETE", `/api/admin/stores/${STORE.id}/devices/${agent.deviceId}`, { token: await staffToken(STORE.id) })).status,
    ).toBe(404);
  });

  it("when the body is wrong, then a problem names the field", async () => {
    const res = await call(rig, "POST", `/api/admin/stores/${STORE.id}/devices`, {
      token: await staffToken(STORE.id),
      body: { kind: "PRINTER", name: "" },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("VALIDATION_FAILED");
  });
});
