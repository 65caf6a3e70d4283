import type { z } from "zod";
import * as schemas from "../src/http/schemas";
import { call, confirmedReservation, PDF, staffToken, startRig, STORE, type Rig } from "./harness";

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
}, 60_000);
afterAll(() => rig?.dispose());

/** The answer is exactly what its response schema describes: nothing missing, nothing extra. */
function answers(res: { status: number; body: unknown }, status: number, schema: z.ZodType) {
  expect(res.status).toBe(status);
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) throw new Error(`answer does not match its schema: ${parsed.error.message}\n${JSON.stringify(res.body)}`);
  expect(parsed.data).toStrictEqual(res.body);
}

// every call below uses the path the gateway forwards: the public path without `/api`
test("every JSON answer of the API, at the path the gateway forwards, is shaped by its response schema", async () => {
  const staff = await staffToken(STORE.id);
  const devices = `/admin/stores/${STORE.id}/devices`;
  const kiosk = await call(rig, "POST", devices, { token: staff, body: { kind: "KIOSK", name: "입구 키오스크" } });
  answers(kiosk, 201, schemas.createdDeviceSchema);
  const agent = await call(rig, "POST", devices, { token: staff, body: { kind: "PRINT_AGENT", name: "카운터 PC" } });
  answers(agent, 201, schemas.createdDeviceSchema);
  answers(await call(rig, "GET", devices, { token: staff }), 200, schemas.deviceListSchema);

  const { reservationId } = await confirmedReservation(rig, { pickupCode: "314159" });
  const released = await call(rig, "POST", "/kiosk/release", { token: kiosk.body.token, body: { pickupCode: "314159" } });
  answers(released, 202, schemas.kioskReservationSchema);
  answers(await call(rig, "GET", `/kiosk/reservations/${reservationId}`, { token: kiosk.body.token }), 200, schemas.kioskReservationSchema);

  const taken = await call(rig, "GET", "/agent/jobs?wait=0", { token: agent.body.token });
  answers(taken, 200, schemas.jobsAnswerSchema);
  const job = taken.body.jobs[0] as { jobId: string; attempt: number };
  const doc = await fetch(`${rig.base}/agent/jobs/${job.jobId}/document`, { headers: { authorization: `Bearer ${agent.body.token}` } });
  expect([doc.status, doc.headers.get("content-type")]).toEqual([200, "application/pdf"]);
  expect(Buffer.from(await doc.arrayBuffer())).toEqual(PDF);
  const event = {
    attempt: job.attempt,
    seq: 1,
    state: "received",
    printerUri: "ipp://192.168.0.20/ipp/print",
    at: new Date().toISOString(),
  };
  answers(
    await call(rig, "POST", `/agent/jobs/${job.jobId}/events`, { token: agent.body.token, body: event }),
    200,
    schemas.jobEventAnswerSchema,
  );
  const status = { printerUri: "ipp://192.168.0.20/ipp/print", state: "idle", acceptingJobs: true, at: new Date().toISOString() };
  expect((await call(rig, "POST", "/agent/printer-status", { token: agent.body.token, body: status })).status).toBe(204);

  expect((await call(rig, "DELETE", `${devices}/${kiosk.body.deviceId}`, { token: staff })).status).toBe(204);
});

test("GET /openapi.json documents every operation the service serves, each mounted where the gateway forwards it and at its public path", async () => {
  const res = await call(rig, "GET", "/openapi.json");
  expect(res.status).toBe(200);
  const doc = res.body as { paths: Record<string, Record<string, { security: unknown[] }>>; "x-service": string };
  expect(doc["x-service"]).toBe("printing");
  expect(doc.paths["/api/kiosk/release"]!.post!.security).toEqual([{ deviceToken: [] }]);
  const operations = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => [m.toUpperCase(), p] as const));
  expect(operations).toHaveLength(9);
  for (const [method, p] of operations) {
    const publicPath = p.replace(/\{\w+\}/g, "x");
    for (const path of [publicPath.replace(/^\/api(?=\/)/, ""), publicPath]) {
      const answer = await call(rig, method, path);
      expect({ method, path, code: answer.body?.code }).not.toEqual({ method, path, code: "ROUTE_NOT_FOUND" });
    }
  }
});
