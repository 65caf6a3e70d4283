import { PortOneClient } from "@portone/server-sdk";
import { API_SECRET, hook, newPaymentId, startSandbox, type RunningSandbox } from "./support/sandbox";

let sb: RunningSandbox;
let client: ReturnType<typeof PortOneClient>;

beforeAll(async () => {
  sb = await startSandbox();
  client = PortOneClient({ secret: API_SECRET, baseUrl: sb.url });
});
afterAll(async () => {
  await sb.stop();
});

it("when a merchant calls the REST API, then /__sandbox/calls lists each call (per payment on request) and reset forgets them", async () => {
  const a = newPaymentId();
  const b = newPaymentId();
  await client.payment.preRegisterPayment({ paymentId: a, totalAmount: 1000 });
  await client.payment.getPayment({ paymentId: a }).catch(() => undefined);
  await client.payment.getPayment({ paymentId: a }).catch(() => undefined);
  await client.payment.getPayment({ paymentId: b }).catch(() => undefined);

  const forA = (await hook(sb.url, "GET", `/__sandbox/calls?paymentId=${a}`)).body.items.map((c: any) => `${c.method} ${c.path}`);
  expect(forA).toEqual([`POST /payments/${a}/pre-register`, `GET /payments/${a}`, `GET /payments/${a}`]);
  expect((await hook(sb.url, "GET", "/__sandbox/calls")).body.items).toHaveLength(4);

  expect((await hook(sb.url, "POST", "/__sandbox/reset")).status).toBe(204);
  expect((await hook(sb.url, "GET", "/__sandbox/calls")).body.items).toEqual([]);
});
