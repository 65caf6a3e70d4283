import { createHmac, randomBytes } from "node:crypto";
import { waitFor } from "@preprint/test-support";
import { Api, makePdf, seoulDate, type Res, type RunningSystem } from "../src";

export interface Customer {
  email: string;
  name: string;
  token: string;
  userId: string;
}

let counter = 0;

/** Signs a new customer up through the gateway (POST /api/auth/signup). */
export async function signUp(api: Api, name = "김민지"): Promise<Customer> {
  const email = `c${++counter}.${randomBytes(4).toString("hex")}@preprint.test`;
  const res = await api.post("/api/auth/signup", { email, password: "correct-horse-battery", name, phone: "010-1234-5678" });
  if (res.status !== 201) throw new Error(`signup: ${res.status} ${JSON.stringify(res.body)}`);
  return { email, name, token: res.body.accessToken, userId: res.body.user.id };
}

export interface Slot {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  remaining: number;
}

/** Untouched slots of the demo store, tomorrow (Asia/Seoul): far enough ahead for a 100 % refund. */
export async function freeSlots(api: Api, storeId: string, days = 1): Promise<Slot[]> {
  const res = await api.get<Slot[]>(`/api/stores/${storeId}/slots?date=${seoulDate(days)}`);
  if (res.status !== 200) throw new Error(`slots: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.filter((s) => s.remaining === s.capacity);
}

export async function slot(api: Api, storeId: string, slotId: string, days = 1): Promise<Slot> {
  const res = await api.get<Slot[]>(`/api/stores/${storeId}/slots?date=${seoulDate(days)}`);
  const s = res.body.find((x) => x.id === slotId);
  if (!s) throw new Error(`slot ${slotId} not offered any more`);
  return s;
}

export async function uploadPdf(api: Api, token: string, pages: number, fileName = "수업자료.pdf"): Promise<string> {
  const res = await api.upload("/api/uploads", token, await makePdf(pages), fileName);
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export function item(uploadId: string, copies = 1, colorMode: "MONO" | "COLOR" = "MONO") {
  return { uploadId, colorMode, duplex: false, paperSize: "A4" as const, copies };
}

export async function reserve(api: Api, c: Customer, storeId: string, slotId: string, items: ReturnType<typeof item>[]): Promise<Res> {
  return api.post("/api/reservations", { storeId, slotId, items }, { token: c.token });
}

export async function reservation(api: Api, c: Customer, id: string): Promise<any> {
  const res = await api.get(`/api/reservations/${id}`, { token: c.token });
  if (res.status !== 200) throw new Error(`reservation ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function waitForStatus(api: Api, c: Customer, id: string, status: string, timeoutMs = 20_000): Promise<any> {
  let last: any;
  try {
    return await waitFor(
      async () => {
        last = await reservation(api, c, id);
        return last.status === status ? last : undefined;
      },
      { timeoutMs, intervalMs: 150, description: `reservation ${id} → ${status}` },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last status ${last?.status}`, { cause: err });
  }
}

export async function notifications(api: Api, c: Customer): Promise<any[]> {
  const res = await api.get("/api/notifications?limit=50", { token: c.token });
  if (res.status !== 200) throw new Error(`notifications: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items;
}

export async function waitForNotification(api: Api, c: Customer, type: string, timeoutMs = 20_000): Promise<any> {
  return waitFor(async () => (await notifications(api, c)).find((n) => n.type === type), {
    timeoutMs,
    intervalMs: 200,
    description: `${type} notification for ${c.email}`,
  });
}

/** The sandbox's own record of a payment, read with the PortOne API secret (like the payment service does). */
export async function portonePayment(sys: RunningSystem, paymentId: string): Promise<Res> {
  return new Api(sys.urls["portone-sandbox"]).get(`/payments/${encodeURIComponent(paymentId)}`, {
    headers: { authorization: `PortOne ${sys.secrets.portoneApi}` },
  });
}

/** The sandbox test hook: what the checkout page's pay button does. */
export async function payInSandbox(
  sys: RunningSystem,
  paymentId: string,
  body: Record<string, unknown> = {},
  traceparent?: string,
): Promise<Res> {
  return new Api(sys.urls["portone-sandbox"], { traceparent }).post(`/__sandbox/payments/${encodeURIComponent(paymentId)}/pay`, {
    payMethod: "CARD",
    outcome: "PAID",
    ...body,
  });
}

/** Standard Webhooks headers for `body`, signed with `secret` (`whsec_<base64>`). */
export function webhookHeaders(secret: string, body: string, id = `msg_${randomBytes(8).toString("hex")}`): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000).toString();
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const sig = createHmac("sha256", key).update(`${id}.${ts}.${body}`).digest("base64");
  return { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": ts, "webhook-signature": `v1,${sig}` };
}

/**
 * Pays the way a browser does in sandbox mode: opens the checkout page the payment service
 * returned, submits its form with the card option, and returns where PortOne redirects back.
 */
export async function payOnCheckoutPage(checkoutUrl: string): Promise<{ page: string; redirect: URL }> {
  const open = await fetch(checkoutUrl, { redirect: "manual" });
  const page = await open.text();
  if (open.status !== 200) throw new Error(`checkout page: ${open.status} ${page.slice(0, 300)}`);
  const hidden = (name: string) => new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? "";
  const form = new URLSearchParams({
    paymentId: hidden("paymentId"),
    transactionId: hidden("transactionId"),
    method: "CARD",
    action: "pay",
  });
  const submit = await fetch(new URL("/checkout/pay", checkoutUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    redirect: "manual",
  });
  const location = submit.headers.get("location");
  if (submit.status !== 303 || !location) throw new Error(`checkout form: ${submit.status} ${await submit.text()}`);
  return { page, redirect: new URL(location) };
}
