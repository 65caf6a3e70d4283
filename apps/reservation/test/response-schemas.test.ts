import type { z } from "zod";
import { internalReservation } from "@preprint/contracts";
import { waitFor } from "@preprint/test-support";
import * as schemas from "../src/http/schemas";
import {
  BrokerProbe,
  call,
  createStore,
  customer,
  pdf,
  seoulDate,
  serviceToken,
  slotAt,
  staff,
  startHarness,
  upload,
  type Harness,
} from "./helpers";

let h: Harness;
let probe: BrokerProbe;
let storeId: string;

beforeAll(async () => {
  h = await startHarness("rsv_shapes", {}, { broker: true });
  probe = await new BrokerProbe(h.ctx.config.EVENTS_EXCHANGE).start();
  storeId = await createStore(h.prisma, { capacityPages: 50 });
});
afterAll(async () => {
  await probe?.close();
  await h?.close();
});

/** The answer is exactly what its response schema describes: nothing missing, nothing extra. */
function answers(res: { status: number; body: unknown }, status: number, schema: z.ZodType) {
  expect(res.status).toBe(status);
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) throw new Error(`answer does not match its schema: ${parsed.error.message}\n${JSON.stringify(res.body)}`);
  expect(parsed.data).toStrictEqual(res.body);
}

test("every JSON answer of the API is shaped by its response schema", async () => {
  const c = await customer();
  const clerk = await staff(storeId);
  const date = seoulDate(3);

  answers(await call(h.url, "GET", "/stores"), 200, schemas.storeListView);
  answers(await call(h.url, "GET", `/stores/${storeId}`), 200, schemas.storeView);
  answers(await call(h.url, "GET", `/stores/${storeId}/slots?date=${date}`), 200, schemas.slotListView);
  const policy = await call(h.url, "GET", "/refund-policy");
  answers(policy, 200, schemas.refundPolicyView);

  const up = await upload(h.url, c.token, await pdf(3), "견적서.pdf");
  answers(up, 201, schemas.uploadCreatedView);
  answers(await call(h.url, "GET", `/uploads/${up.body.id}`, { token: c.token }), 200, schemas.uploadView);

  const items = [{ uploadId: up.body.id, colorMode: "COLOR", duplex: true, paperSize: "A4", copies: 2 }];
  answers(await call(h.url, "POST", "/quotes", { token: c.token, body: { storeId, items } }), 200, schemas.quoteView);

  const consent = { noticeVersion: policy.body.madeToOrderNotice.version, accepted: true };
  const created = await call(h.url, "POST", "/reservations", {
    token: c.token,
    body: { storeId, slotId: slotAt(storeId, date, "11:00"), items, madeToOrderConsent: consent },
  });
  answers(created, 201, schemas.createdReservationView);
  const id = created.body.id as string;
  answers(await call(h.url, "GET", "/reservations", { token: c.token }), 200, schemas.reservationListView);
  answers(await call(h.url, "GET", `/reservations/${id}/cancel-preview`, { token: c.token }), 200, schemas.cancelPreviewView);
  answers(await call(h.url, "GET", `/internal/reservations/${id}`, { token: await serviceToken() }), 200, internalReservation);

  await probe.publish("payment.approved", {
    paymentId: `pay${id.slice(4)}`,
    reservationId: id,
    customerId: c.sub,
    amount: created.body.totalAmount,
    currency: "KRW",
    method: "CARD",
    approvedAt: new Date().toISOString(),
  });
  await waitFor(async () => (await h.prisma.reservation.findUniqueOrThrow({ where: { id } })).status === "CONFIRMED", {
    timeoutMs: 10_000,
    description: "confirmed",
  });
  const paid = await call(h.url, "GET", `/reservations/${id}`, { token: c.token });
  answers(paid, 200, schemas.reservationView);
  expect(paid.body.pickupCode).toMatch(/^\d{6}$/);

  answers(await call(h.url, "GET", `/staff/reservations?date=${date}`, { token: clerk.token }), 200, schemas.staffQueueView);
  answers(await call(h.url, "POST", `/staff/reservations/${id}/printing`, { token: clerk.token }), 200, schemas.staffReservationView);
  answers(
    await call(h.url, "POST", `/staff/reservations/${id}/refund`, { token: clerk.token, body: { amount: 100, reason: "색이 흐림" } }),
    202,
    schemas.staffRefundView,
  );
  answers(await call(h.url, "POST", `/staff/reservations/${id}/ready`, { token: clerk.token }), 200, schemas.staffReservationView);
  answers(await call(h.url, "GET", `/staff/reservations/${id}`, { token: clerk.token }), 200, schemas.staffReservationView);
  answers(
    await call(h.url, "POST", `/reservations/${id}/cancel`, { token: c.token, body: { reason: "필요 없어짐" } }),
    200,
    schemas.cancellationView,
  );

  const staffRefund = await h.prisma.refund.findFirstOrThrow({ where: { reservationId: id, kind: "STAFF" } });
  const store = { id: storeId, name: "프리프린트 테스트점", timeZone: "Asia/Seoul" };
  await probe.publish("refund.failed", {
    refundId: staffRefund.id,
    reservationId: id,
    paymentId: `pay${id.slice(4)}`,
    amount: 100,
    store,
    errorType: "PORTONE_REJECTED",
    reason: "거절",
  });
  await waitFor(async () => (await h.prisma.staffAlert.count({ where: { reservationId: id } })) > 0, {
    timeoutMs: 10_000,
    description: "alert raised",
  });
  const alerts = await call(h.url, "GET", "/staff/alerts", { token: clerk.token });
  answers(alerts, 200, schemas.staffAlertListView);
  expect(alerts.body).toHaveLength(1);
});

test("GET /openapi.json documents every operation the service serves, each mounted where the gateway forwards it", async () => {
  const res = await call(h.url, "GET", "/openapi.json");
  expect(res.status).toBe(200);
  const doc = res.body as {
    paths: Record<string, Record<string, { responses: Record<string, unknown>; "x-internal"?: boolean }>>;
    "x-service": string;
  };
  expect(doc["x-service"]).toBe("reservation");
  expect(doc.paths["/api/stores"]!.get!.responses["200"]).toMatchObject({ content: { "application/json": { schema: { type: "array" } } } });
  expect(doc.paths["/api/stores/{storeId}/slots"]!.get!.responses["200"]).toMatchObject({
    content: { "application/json": { schema: { type: "array" } } },
  });
  expect(Object.keys(doc.paths["/api/staff/reservations/{reservationId}/refund"]!.post!.responses)).toContain("202");
  expect(doc.paths["/internal/reservations/{reservationId}"]!.get!["x-internal"]).toBe(true);
  const operations = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => [m.toUpperCase(), p] as const));
  expect(operations).toHaveLength(23);
  for (const [method, p] of operations) {
    // the service receives public paths without the `/api` the gateway strips
    const served = p.replace(/^\/api(?=\/)/, "").replace(/\{\w+\}/g, "x");
    const answer = await call(h.url, method, served);
    expect({ method, served, code: answer.body?.code }).not.toEqual({ method, served, code: "ROUTE_NOT_FOUND" });
  }
});
