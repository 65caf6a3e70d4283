import { z } from "zod";

/**
 * The origins PortOne's V2 browser SDK and the PGs behind it need in the page's CSP, per
 * directive. Sources and reasons: docs/decisions/0161-csp-origins-of-the-payment-window.md. Each
 * list is configuration (CSP_EXTRA_*): a PG added later, or PortOne moving a host, is an env change.
 */
export const PAYMENT_ORIGINS = {
  /** the SDK itself (cdn.portone.io/v2/browser-sdk.js), its per-PG drivers (cdn.portone.io/drivers/…),
   * and the PGs' window scripts the drivers add to the page (Smartro PC module; Toss Payments) */
  script: ["https://cdn.portone.io", "https://tpay.smartropay.co.kr", "https://pay.smartropay.co.kr", "https://js.tosspayments.com"],
  /** the SDK's fetch calls: checkout-service (initialize, prepare, approve, status), the transaction
   * gateway, the payment bridge, telemetry, the core server, and driver definitions on the CDN */
  connect: [
    "https://checkout-service.prod.iamport.co",
    "https://tx-gateway-service.prod.iamport.co",
    "https://payment-bridge.prod.iamport.co",
    "https://coretelemetry.prod.iamport.co",
    "https://service.iamport.kr",
    "https://cdn.portone.io",
  ],
  /** PC windows the drivers put in an iframe: PortOne's bridge and checkout pages, Smartro's PC
   * window (test and live hosts), Toss Payments' window */
  frame: [
    "https://checkout-service.prod.iamport.co",
    "https://payment-bridge.prod.iamport.co",
    "https://service.iamport.kr",
    "https://tpay.smartropay.co.kr",
    "https://pay.smartropay.co.kr",
    "https://*.tosspayments.com",
  ],
  /** mobile (REDIRECTION) windows leave the page by a form post: to PortOne's checkout service or
   * straight to the PG's mobile window (Smartro test/live, Toss Payments) */
  formAction: [
    "https://checkout-service.prod.iamport.co",
    "https://service.iamport.kr",
    "https://tmpay.smartropay.co.kr",
    "https://mpay.smartropay.co.kr",
    "https://tpay.smartropay.co.kr",
    "https://pay.smartropay.co.kr",
    "https://*.tosspayments.com",
  ],
};

/**
 * One CSP source: an https origin (a leading `*.` for subdomains is allowed) with an optional path.
 * Never a bare scheme, `*`, a keyword or anything that could close the directive: a typo here
 * must not quietly open the page to every host.
 */
const SOURCE = /^https:\/\/(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?(\/[A-Za-z0-9._~/-]*)?$/;

export function cspSources() {
  return z
    .string()
    .transform((v) =>
      v
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(SOURCE, { message: "each entry must be an https origin like https://cdn.portone.io (no *, http:, keywords or ';')" }),
      ),
    );
}
