/**
 * Starting a payment. Sandbox mode: the browser goes to the sandbox's checkout page
 * (`checkoutUrl`), which comes back to /payments/return. Test and live: PortOne's browser SDK
 * `requestPayment` with `redirectUrl` — on phones PortOne redirects to it; on desktop the promise
 * resolves and we go to the same return URL ourselves. Either way the return page is the one path
 * that completes the payment.
 */
import type { Checkout, PaymentsConfig } from "../api/types";

export function returnUrl(paymentId: string, result?: { code?: string; message?: string }): string {
  const q = new URLSearchParams({ paymentId });
  if (result?.code) q.set("code", result.code);
  if (result?.message) q.set("message", result.message);
  return `/payments/return?${q.toString()}`;
}

export async function launchPayment(checkout: Checkout, config: PaymentsConfig | null, navigate: (to: string) => void): Promise<void> {
  if (checkout.checkoutUrl || config?.mode === "sandbox") {
    if (!checkout.checkoutUrl) throw new Error("sandbox checkout without checkoutUrl");
    window.location.assign(checkout.checkoutUrl);
    return;
  }
  // loaded only in test and live: it injects PortOne's script from cdn.portone.io
  const { requestPayment } = await import("@portone/browser-sdk/v2");
  const redirectUrl = checkout.redirectUrl ?? new URL(returnUrl(checkout.paymentId), window.location.origin).toString();
  let response: Awaited<ReturnType<typeof requestPayment>>;
  try {
    response = await requestPayment({
      storeId: checkout.storeId,
      channelKey: checkout.channelKey,
      paymentId: checkout.paymentId,
      orderName: checkout.orderName,
      totalAmount: checkout.totalAmount,
      currency: "KRW",
      payMethod: checkout.payMethod,
      customer: checkout.customer,
      redirectUrl,
    } as Parameters<typeof requestPayment>[0]);
  } catch (e) {
    // the SDK throws before the window opens (bad parameters, script blocked): same return path
    navigate(returnUrl(checkout.paymentId, { code: "PAY_PROCESS_ABORTED", message: (e as Error).message }));
    return;
  }
  navigate(returnUrl(checkout.paymentId, { code: response?.code, message: response?.message }));
}
