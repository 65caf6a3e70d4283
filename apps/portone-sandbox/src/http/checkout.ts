import { randomBytes } from "node:crypto";
import express from "express";
import { EASY_PAY_LABELS, EASY_PAY_PROVIDERS, type EasyPayProvider, type PayMethod } from "../domain/channels";
import { CheckoutFailure } from "../domain/errors";
import type { PaymentLedger, PaymentRecord } from "../domain/payments";
import type { WebhookDispatcher } from "../webhooks/dispatcher";
import { RESULT_MESSAGE } from "./cdn";
import { checkoutFormSchema, checkoutInput, checkoutQuerySchema, describeZodError } from "./schemas";

export interface CheckoutDeps {
  ledger: PaymentLedger;
  dispatcher: WebhookDispatcher;
  storeId: string;
  storeName: string;
  mode: "test" | "live";
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export function formatAmount(amount: number, currency: string): string {
  return new Intl.NumberFormat("ko-KR", { style: "currency", currency, currencyDisplay: "symbol" }).format(
    currency === "USD" ? amount / 100 : amount,
  );
}

/** PortOne's redirect mode: `redirectUrl?paymentId=…` plus `code`/`message` (and `pgCode`/`pgMessage`) on failure. */
export function redirectTarget(redirectUrl: string, params: Record<string, string | undefined>): string {
  const u = new URL(redirectUrl);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

function failureParams(paymentId: string, f: CheckoutFailure, txId?: string): Record<string, string | undefined> {
  return { paymentId, transactionType: "PAYMENT", txId, code: f.code, message: f.message, pgCode: f.pgCode, pgMessage: f.pgMessage };
}

const STYLE = `
:root{color-scheme:light;--fg:#16181d;--muted:#4a5160;--line:#d5d9e0;--brand:#0b5bd3;--brand-fg:#fff;--bg:#f4f6f9}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Malgun Gothic",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:28rem;margin:0 auto;padding:1rem}
.card{background:#fff;border:1px solid var(--line);border-radius:12px;padding:1.25rem;margin-bottom:1rem}
h1{font-size:1.25rem;margin:0 0 .75rem}
.badge{display:inline-block;font-size:.8rem;font-weight:600;padding:.1rem .5rem;border-radius:999px;background:#fff4d6;color:#6b4b00;border:1px solid #e7c65b}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem;margin:0}dt{color:var(--muted)}dd{margin:0;text-align:right;word-break:break-all}
.amount{font-size:1.5rem;font-weight:700}
fieldset{border:0;margin:0;padding:0}legend{font-weight:600;margin-bottom:.5rem}
.opt{display:flex;align-items:center;gap:.75rem;min-height:48px;padding:.5rem .75rem;border:1px solid var(--line);border-radius:8px;margin-bottom:.5rem;cursor:pointer}
.opt input{width:1.25rem;height:1.25rem}
button{width:100%;min-height:48px;font:inherit;font-weight:600;border-radius:8px;border:1px solid var(--brand);cursor:pointer;margin-top:.5rem}
.pay{background:var(--brand);color:var(--brand-fg)}.decline{background:#fff;color:var(--brand)}
:focus-visible{outline:3px solid #ff9e1b;outline-offset:2px}
.note{color:var(--muted);font-size:.875rem}
`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function checkoutPage(p: PaymentRecord, deps: CheckoutDeps, framed: boolean): string {
  const r = p.request!;
  const selected = (value: string) => {
    const current = r.payMethod === "CARD" ? "CARD" : `EASY_PAY:${r.easyPayProvider ?? "KAKAOPAY"}`;
    return value === current ? " checked" : "";
  };
  const providers = deps.ledger.channels.flatMap((c) => c.easyPayProviders);
  const offered = EASY_PAY_PROVIDERS.filter((e) => providers.includes(e));
  const options = [
    `<label class="opt"><input type="radio" name="method" value="CARD"${selected("CARD")} required> 신용·체크카드</label>`,
    ...offered.map(
      (e) =>
        `<label class="opt"><input type="radio" name="method" value="EASY_PAY:${e}"${selected(`EASY_PAY:${e}`)}> ${esc(EASY_PAY_LABELS[e])}</label>`,
    ),
  ].join("\n");
  const testBadge = deps.mode === "test" ? ` <span class="badge">테스트 결제</span>` : "";
  const amount = formatAmount(r.totalAmount, r.currency);
  return page(
    `결제하기 - ${deps.storeName}`,
    `<section class="card" aria-labelledby="order-title">
<h1 id="order-title">결제하기${testBadge}</h1>
<dl>
<dt>상점</dt><dd>${esc(deps.storeName)}</dd>
<dt>주문명</dt><dd>${esc(r.orderName)}</dd>
<dt>주문번호</dt><dd>${esc(p.id)}</dd>
<dt>결제 금액</dt><dd class="amount"><data value="${r.totalAmount}">${esc(amount)}</data></dd>
</dl>
</section>
<form class="card" method="post" action="/checkout/pay">
<input type="hidden" name="paymentId" value="${esc(p.id)}">
<input type="hidden" name="transactionId" value="${esc(p.transactionId ?? "")}">
${framed ? `<input type="hidden" name="windowType" value="IFRAME">\n` : ""}<fieldset><legend>결제수단 선택</legend>
${options}
</fieldset>
<button class="pay" type="submit" name="action" value="pay">${esc(amount)} 결제하기</button>
<button class="decline" type="submit" name="action" value="decline" formnovalidate>결제 취소</button>
<p class="note">${deps.mode === "test" ? "오프라인 샌드박스의 테스트 결제입니다. 실제로 청구되지 않습니다." : "결제 승인 후 상점으로 이동합니다."}</p>
</form>`,
  );
}

/**
 * The end of a PC window inside the merchant's page: instead of a redirect, the result goes to the
 * parent page (the SDK stand-in resolves its promise with it), only to the merchant's origin.
 */
function resultToParent(res: express.Response, redirectUrl: string, params: Record<string, string | undefined>): void {
  const nonce = randomBytes(16).toString("base64");
  const origin = new URL(redirectUrl).origin;
  const response = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const payload = JSON.stringify({ type: RESULT_MESSAGE, response }).replace(/</g, "\\u003c");
  res.removeHeader("X-Frame-Options");
  res.setHeader(
    "Content-Security-Policy",
    `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; base-uri 'none'; frame-ancestors ${origin}`,
  );
  res
    .type("html")
    .send(
      page(
        "결제 결과",
        `<p>결제 결과를 상점으로 전달하고 있습니다.</p><script nonce="${nonce}">parent.postMessage(${payload}, ${JSON.stringify(origin)});</script>`,
      ),
    );
}

function errorPage(status: number, message: string): string {
  return page(
    "결제 요청 오류",
    `<section class="card" role="alert"><h1>결제 요청 오류</h1><p>${esc(message)}</p><p class="note">HTTP ${status}</p></section>`,
  );
}

/**
 * What the browser SDK opens. GET /checkout takes `requestPayment`'s parameters as query
 * parameters (see README), opens a payment attempt and shows the order; the form posts to
 * /checkout/pay, which approves or declines and redirects to `redirectUrl` (PortOne redirect mode).
 */
export function checkoutRouter(deps: CheckoutDeps): express.Router {
  const r = express.Router();

  r.use("/checkout", (_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("X-Frame-Options", "DENY");
    next();
  });

  // a PC window (IFRAME) may be framed by the merchant's page only; a redirect window by nobody
  const csp = (redirectUrl: string, framed: boolean) =>
    `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors ${framed ? new URL(redirectUrl).origin : "'none'"}; form-action 'self' ${new URL(redirectUrl).origin}`;

  r.get("/checkout", (req, res) => {
    const parsed = checkoutQuerySchema.safeParse(checkoutInput(req.query as Record<string, unknown>));
    if (!parsed.success) {
      res
        .status(400)
        .type("html")
        .send(errorPage(400, `결제 요청 파라미터가 올바르지 않습니다. ${describeZodError(parsed.error)}`));
      return;
    }
    const q = parsed.data;
    try {
      if (q.storeId !== undefined && q.storeId !== deps.storeId) throw new CheckoutFailure("StoreNotFound", "상점을 찾을 수 없습니다.");
      const p = deps.ledger.open({
        paymentId: q.paymentId,
        storeId: q.storeId,
        orderName: q.orderName,
        totalAmount: q.totalAmount,
        taxFreeAmount: q.taxFreeAmount,
        currency: q.currency,
        payMethod: q.payMethod,
        channelKey: q.channelKey,
        easyPayProvider: q.easyPayProvider,
        customer: q.customer,
        customData: q.customData,
        noticeUrls: q.noticeUrls,
        redirectUrl: q.redirectUrl,
        origin: {
          platformType: /Mobi|Android|iPhone/i.test(req.get("user-agent") ?? "") ? "MOBILE" : "PC",
          ipAddress: req.ip ?? "127.0.0.1",
          userAgent: req.get("user-agent"),
          url: req.get("referer"),
        },
      });
      const framed = q.windowType === "IFRAME";
      if (framed) res.removeHeader("X-Frame-Options");
      res.setHeader("Content-Security-Policy", csp(q.redirectUrl, framed));
      res.type("html").send(checkoutPage(p, deps, framed));
    } catch (err) {
      // the SDK fails the request before any window opens; in redirect mode the payer lands back at once
      if (err instanceof CheckoutFailure) {
        if (q.windowType === "IFRAME") return resultToParent(res, q.redirectUrl, failureParams(q.paymentId, err));
        return res.redirect(303, redirectTarget(q.redirectUrl, failureParams(q.paymentId, err)));
      }
      throw err;
    }
  });

  r.post("/checkout/pay", express.urlencoded({ extended: false, limit: "10kb" }), (req, res) => {
    const parsed = checkoutFormSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      res
        .status(400)
        .type("html")
        .send(errorPage(400, `결제 요청이 올바르지 않습니다. ${describeZodError(parsed.error)}`));
      return;
    }
    const form = parsed.data;
    const p = deps.ledger.find(form.paymentId);
    // the attempt id in the form is the capability: only the window that opened it can finish it
    if (!p?.request?.redirectUrl || p.transactionId !== form.transactionId) {
      res.status(409).type("html").send(errorPage(409, "결제창이 만료되었거나 이미 처리되었습니다. 상점에서 다시 결제를 시작해 주세요."));
      return;
    }
    const redirectUrl = p.request.redirectUrl;
    const finish = (params: Record<string, string | undefined>) =>
      form.windowType === "IFRAME" ? resultToParent(res, redirectUrl, params) : res.redirect(303, redirectTarget(redirectUrl, params));
    if (p.status !== "READY") {
      res.status(409).type("html").send(errorPage(409, "이미 처리된 결제입니다."));
      return;
    }
    const [method, provider] = form.method.split(":") as [PayMethod, EasyPayProvider | undefined];
    try {
      const decline = form.action === "decline";
      const { payment, webhook } = deps.ledger.pay(p.id, {
        payMethod: method,
        easyPayProvider: provider,
        outcome: decline ? "FAILED" : "PAID",
        failure: decline
          ? { reason: "사용자가 결제를 취소했습니다.", pgCode: "PAY_PROCESS_CANCELED", pgMessage: "사용자가 결제를 취소하였습니다." }
          : undefined,
      });
      deps.dispatcher.emit(webhook);
      if (payment.status === "FAILED") {
        const f = new CheckoutFailure(
          "FAILURE_TYPE_PG",
          payment.failure?.pgMessage ?? "결제에 실패했습니다.",
          payment.failure?.pgCode,
          payment.failure?.pgMessage,
        );
        return finish(failureParams(p.id, f, payment.transactionId));
      }
      finish({ paymentId: p.id, transactionType: "PAYMENT", txId: payment.transactionId });
    } catch (err) {
      if (err instanceof CheckoutFailure) return finish(failureParams(p.id, err, p.transactionId));
      throw err;
    }
  });

  return r;
}
