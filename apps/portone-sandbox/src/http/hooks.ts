import express from "express";
import { CheckoutFailure, forbiddenError, invalidRequest, PortOneApiError } from "../domain/errors";
import { cancellationJson, toPaymentJson, type PaymentLedger } from "../domain/payments";
import { faultsBodySchema, type FaultRegistry } from "../faults";
import type { WebhookDispatcher } from "../webhooks/dispatcher";
import type { CallLog } from "./call-log";
import { parsePortOne } from "./portone-http";
import { hookCancelBodySchema, hookPayBodySchema, paymentIdSchema } from "./schemas";

export interface HooksDeps {
  ledger: PaymentLedger;
  dispatcher: WebhookDispatcher;
  faults: FaultRegistry;
  enabled: boolean;
  /** forgets other in-memory state (stored Idempotency-Key responses) */
  onReset?: () => void;
  /** REST calls received, for GET /__sandbox/calls */
  calls?: CallLog;
}

/** Maps a browser-side failure to a JSON error for the hook caller (409, code = the SDK's code). */
function hookFailure(f: CheckoutFailure): PortOneApiError {
  const type = f.code.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
  const status = f.code === "PaymentNotFound" || f.code === "ChannelNotFound" ? 404 : 409;
  return new PortOneApiError(status, type, f.message, { code: f.code });
}

/**
 * Test hooks under /__sandbox. They exist only when SANDBOX_TEST_HOOKS is on (never in live mode):
 * otherwise every /__sandbox path answers 403 FORBIDDEN as JSON.
 */
export function hooksRouter(deps: HooksDeps): express.Router {
  const r = express.Router();
  const { ledger, dispatcher, faults } = deps;

  r.use("/__sandbox", (_req, _res, next) => {
    if (!deps.enabled) return next(forbiddenError("테스트 훅은 이 모드에서 사용할 수 없습니다 (SANDBOX_TEST_HOOKS=false)."));
    next();
  });

  /** Does what the checkout page's pay/decline buttons do, without a browser. */
  r.post("/__sandbox/payments/:paymentId/pay", (req, res) => {
    const paymentId = parsePortOne(paymentIdSchema, req.params.paymentId);
    const body = parsePortOne(hookPayBodySchema, req.body);
    try {
      let p = ledger.find(paymentId);
      // a fresh attempt unless a READY one is open (the checkout page opened it)
      if (
        !p?.request ||
        p.status === "FAILED" ||
        (p.status === "READY" && body.totalAmount !== undefined && body.enforcePreRegistered !== false)
      ) {
        const prev = p?.request;
        const totalAmount = body.totalAmount ?? prev?.totalAmount ?? p?.preRegistered?.totalAmount;
        if (totalAmount === undefined) throw invalidRequest("totalAmount가 없고 사전 등록된 금액도 없습니다.");
        p = ledger.open(
          {
            paymentId,
            orderName: body.orderName ?? prev?.orderName ?? "샌드박스 테스트 주문",
            totalAmount,
            taxFreeAmount: prev?.taxFreeAmount ?? p?.preRegistered?.taxFreeAmount,
            currency: body.currency ?? prev?.currency ?? p?.preRegistered?.currency ?? "KRW",
            payMethod: body.payMethod,
            channelKey: body.channelKey ?? prev?.channelKey,
            easyPayProvider: body.easyPayProvider ?? prev?.easyPayProvider,
            customer: body.customer ?? prev?.customer,
            customData: body.customData ?? prev?.customData,
            noticeUrls: body.noticeUrls ?? prev?.noticeUrls,
            origin: { platformType: "API", ipAddress: req.ip ?? "127.0.0.1", userAgent: req.get("user-agent") },
          },
          { enforcePreRegistered: body.enforcePreRegistered },
        );
      }
      const { payment, webhook } = ledger.pay(paymentId, {
        payMethod: body.payMethod,
        easyPayProvider: body.easyPayProvider,
        outcome: body.outcome,
        totalAmount: body.totalAmount,
        enforcePreRegistered: body.enforcePreRegistered,
        failure: body.failure,
        channelType: body.channelType,
      });
      dispatcher.emit(webhook);
      const failed = payment.status === "FAILED";
      res.json({
        // what PortOne's browser SDK would resolve with (PaymentResponse)
        response: {
          transactionType: "PAYMENT",
          txId: payment.transactionId,
          paymentId,
          ...(failed
            ? {
                code: "FAILURE_TYPE_PG",
                message: payment.failure?.pgMessage,
                pgCode: payment.failure?.pgCode,
                pgMessage: payment.failure?.pgMessage,
              }
            : {}),
        },
        payment: toPaymentJson(payment, dispatcher.historyOf(paymentId)),
      });
    } catch (err) {
      if (err instanceof CheckoutFailure) throw hookFailure(err);
      throw err;
    }
  });

  /**
   * A cancellation made outside the merchant's server: the merchant in PortOne's console (or
   * PortOne's staff, or a chargeback). Same rules and the same signed webhook as the REST cancel;
   * only `trigger` differs, which is how the merchant's server can tell it did not make it.
   */
  r.post("/__sandbox/payments/:paymentId/cancel", (req, res) => {
    const paymentId = parsePortOne(paymentIdSchema, req.params.paymentId);
    const body = parsePortOne(hookCancelBodySchema, req.body);
    const { cancellation, payment, webhook } = ledger.cancel(paymentId, {
      amount: body.amount,
      reason: body.reason,
      trigger: body.trigger,
      skipWebhook: body.skipWebhook,
    });
    if (webhook) dispatcher.emit(webhook);
    res.json({ cancellation: cancellationJson(cancellation), payment: toPaymentJson(payment, dispatcher.historyOf(paymentId)) });
  });

  r.get("/__sandbox/webhooks", (req, res) => {
    const paymentId = typeof req.query.paymentId === "string" ? req.query.paymentId : undefined;
    const type = typeof req.query.type === "string" ? req.query.type : undefined;
    res.json({ items: dispatcher.list({ paymentId, type }) });
  });

  /** The REST calls received (optionally for one payment): what a merchant's API quota would count. */
  r.get("/__sandbox/calls", (req, res) => {
    const paymentId = typeof req.query.paymentId === "string" ? req.query.paymentId : undefined;
    res.json({ items: deps.calls?.list(paymentId) ?? [] });
  });

  r.get("/__sandbox/faults", (_req, res) => {
    res.json(faults.list());
  });

  r.post("/__sandbox/faults", (req, res) => {
    const added = faults.add(parsePortOne(faultsBodySchema, req.body));
    res.status(201).json(added);
  });

  r.delete("/__sandbox/faults", (_req, res) => {
    faults.reset();
    deps.onReset?.();
    res.status(204).end();
  });

  /** Forgets payments, webhooks (pending retries too) and faults. */
  r.post("/__sandbox/reset", (_req, res) => {
    ledger.reset();
    dispatcher.reset();
    faults.reset();
    deps.calls?.reset();
    deps.onReset?.();
    res.status(204).end();
  });

  return r;
}
