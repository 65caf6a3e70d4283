import express from "express";
import type { Channel } from "../domain/channels";

/**
 * A stand-in for the part of PortOne's browser SDK that runs on the merchant's page, served at
 * the CDN's path (`/v2/browser-sdk.js`) so a browser test can answer `https://cdn.portone.io/…`
 * from here without the app's code changing its script URL. It speaks `window.PortOne.requestPayment`
 * and reaches the same origins the real SDK does — checkout-service for the prepare call, the PG's
 * PC window in an iframe (promise mode), the PG's mobile window by a form post (redirect mode) —
 * so the page's Content-Security-Policy meets every kind of request it will meet in production.
 * The test routes those hosts back to this sandbox; the PG windows are its checkout page.
 */

/** The hosts the real SDK and Smartro use (ADR 0161); test and live Smartro windows differ. */
export const CHECKOUT_SERVICE_ORIGIN = "https://checkout-service.prod.iamport.co";
export function pgOrigins(mode: "test" | "live") {
  return mode === "live"
    ? { pc: "https://pay.smartropay.co.kr", mobile: "https://mpay.smartropay.co.kr" }
    : { pc: "https://tpay.smartropay.co.kr", mobile: "https://tmpay.smartropay.co.kr" };
}

/** The postMessage type the PC window sends its result with (see checkout.ts). */
export const RESULT_MESSAGE = "portone-sandbox:payment-result";

function standIn(mode: "test" | "live"): string {
  const pg = pgOrigins(mode);
  return `/* PortOne V2 browser SDK stand-in (preprint portone-sandbox, ${mode}) */
(function () {
  "use strict";
  var CHECKOUT = ${JSON.stringify(CHECKOUT_SERVICE_ORIGIN)};
  var PG = ${JSON.stringify(pg)};
  function flatten(req) {
    var q = {};
    ["storeId", "channelKey", "paymentId", "orderName", "totalAmount", "currency", "payMethod", "redirectUrl", "taxFreeAmount"].forEach(function (k) {
      if (req[k] !== undefined && req[k] !== null) q[k] = String(req[k]);
    });
    var c = req.customer || {};
    Object.keys(c).forEach(function (k) { if (c[k] !== undefined && c[k] !== null) q["customer." + k] = String(c[k]); });
    if (req.easyPay && req.easyPay.easyPayProvider) q["easyPay.easyPayProvider"] = String(req.easyPay.easyPayProvider);
    if (req.customData !== undefined) q.customData = typeof req.customData === "string" ? req.customData : JSON.stringify(req.customData);
    return q;
  }
  function paymentError(code, message) {
    var e = new Error(message);
    e.__portOneErrorType = "PaymentError";
    e.transactionType = "PAYMENT";
    e.code = code;
    return e;
  }
  async function requestPayment(req) {
    if (!req || !req.storeId || !req.paymentId) throw paymentError("BadRequest", "결제요청 파라메터가 누락되었습니다.");
    var mobile = /Mobi|Android|iPhone/i.test(navigator.userAgent);
    var windowType = mobile ? "REDIRECTION" : "IFRAME";
    var res = await fetch(CHECKOUT + "/api/prepare/v2", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ data: req, sdkVersion: "sandbox", deviceInfo: { windowType: windowType } }),
    });
    var prepared = await res.json();
    if (!res.ok) throw paymentError(prepared.code || "UnknownError", prepared.message || "결제 창 호출에 실패하였습니다.");
    var q = flatten(req);
    if (windowType === "REDIRECTION") {
      if (!req.redirectUrl) throw paymentError("BadRequest", "모바일 결제에는 redirectUrl이 필요합니다.");
      var form = document.createElement("form");
      form.method = "GET";
      form.action = PG.mobile + "/checkout";
      Object.keys(q).forEach(function (k) {
        var input = document.createElement("input");
        input.type = "hidden"; input.name = k; input.value = q[k];
        form.appendChild(input);
      });
      document.body.appendChild(form);
      form.submit();
      return new Promise(function () {}); // the page is leaving for the PG's window
    }
    q.windowType = "IFRAME";
    return new Promise(function (resolve) {
      var overlay = document.createElement("div");
      overlay.setAttribute("data-portone-sandbox", "window");
      overlay.style.position = "fixed"; overlay.style.inset = "0"; overlay.style.zIndex = "2147483647";
      overlay.style.background = "rgba(0,0,0,.4)"; overlay.style.display = "flex";
      overlay.style.alignItems = "center"; overlay.style.justifyContent = "center";
      var frame = document.createElement("iframe");
      frame.title = "결제창";
      frame.style.width = "min(28rem, 100%)"; frame.style.height = "min(40rem, 100%)"; frame.style.border = "0"; frame.style.background = "#fff";
      frame.src = PG.pc + "/checkout?" + new URLSearchParams(q).toString();
      overlay.appendChild(frame);
      function onMessage(e) {
        if (e.origin !== PG.pc || !e.data || e.data.type !== ${JSON.stringify(RESULT_MESSAGE)}) return;
        window.removeEventListener("message", onMessage);
        overlay.remove();
        resolve(e.data.response);
      }
      window.addEventListener("message", onMessage);
      document.body.appendChild(overlay);
    });
  }
  window.PortOne = { requestPayment: requestPayment };
})();
`;
}

export interface CdnDeps {
  mode: "test" | "live";
  storeId: string;
  channels: Channel[];
}

export function cdnRouter(deps: CdnDeps): express.Router {
  const r = express.Router();
  const script = standIn(deps.mode);

  r.get("/v2/browser-sdk.js", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.type("application/javascript").send(script);
  });

  // checkout-service answers the merchant's page cross-origin
  r.use("/api/prepare/v2", (req, res, next) => {
    const origin = req.get("origin");
    if (origin) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Vary", "Origin");
    }
    if (req.method === "OPTIONS") {
      res.setHeader("Access-Control-Allow-Methods", "POST");
      res.setHeader("Access-Control-Allow-Headers", "content-type");
      res.status(204).end();
      return;
    }
    next();
  });

  /** The real prepare registers the attempt; here it checks what PortOne would refuse before any window opens. */
  r.post("/api/prepare/v2", express.json({ limit: "20kb", type: () => true }), (req, res) => {
    const data = (req.body as { data?: { storeId?: unknown; channelKey?: unknown; paymentId?: unknown } } | undefined)?.data ?? {};
    if (data.storeId !== deps.storeId) {
      res.status(404).json({ code: "StoreNotFound", message: "상점을 찾을 수 없습니다." });
      return;
    }
    if (!deps.channels.some((c) => c.key === data.channelKey)) {
      res.status(404).json({ code: "ChannelNotFound", message: "채널을 찾을 수 없습니다." });
      return;
    }
    res.json({ paymentId: data.paymentId, pgProvider: "PG_PROVIDER_SMARTRO_V2", transactionType: "PAYMENT" });
  });

  return r;
}
