import express from "express";
import { forbiddenError, invalidRequest } from "../domain/errors";
import { cancellationJson, toPaymentJson, type PaymentLedger } from "../domain/payments";
import type { WebhookDispatcher } from "../webhooks/dispatcher";
import { parsePortOne } from "./portone-http";
import { cancelBodySchema, getPaymentsBodySchema, preRegisterBodySchema } from "./schemas";

export interface ApiDeps {
  ledger: PaymentLedger;
  dispatcher: WebhookDispatcher;
  storeId: string;
}

/**
 * The PortOne V2 REST subset, at the root of the origin like api.portone.io:
 * GET /payments/{id}, POST /payments/{id}/pre-register, POST /payments/{id}/cancel, GET /payments.
 */
export function apiRouter(deps: ApiDeps): express.Router {
  const r = express.Router();
  const { ledger, dispatcher } = deps;

  /** Only our own store exists here; PortOne answers FORBIDDEN for a store the secret cannot reach. */
  const checkStore = (storeId: string | undefined) => {
    if (storeId !== undefined && storeId !== deps.storeId) throw forbiddenError("요청한 상점에 접근할 권한이 없습니다.");
  };
  const paymentJson = (id: string) => toPaymentJson(ledger.get(id), dispatcher.historyOf(id));

  r.get("/payments/:paymentId", (req, res) => {
    checkStore(typeof req.query.storeId === "string" ? req.query.storeId : undefined);
    res.json(paymentJson(req.params.paymentId));
  });

  r.post("/payments/:paymentId/pre-register", (req, res) => {
    const body = parsePortOne(preRegisterBodySchema, req.body);
    checkStore(body.storeId);
    ledger.preRegister(req.params.paymentId, { totalAmount: body.totalAmount, taxFreeAmount: body.taxFreeAmount, currency: body.currency });
    res.json({});
  });

  r.post("/payments/:paymentId/cancel", (req, res) => {
    const body = parsePortOne(cancelBodySchema, req.body);
    checkStore(body.storeId);
    const { cancellation, webhook } = ledger.cancel(req.params.paymentId, body);
    if (webhook) dispatcher.emit(webhook);
    res.json({ cancellation: cancellationJson(cancellation) });
  });

  r.get("/payments", (req, res) => {
    const raw = req.query.requestBody;
    let input: unknown = {};
    if (typeof raw === "string" && raw !== "") {
      try {
        input = JSON.parse(raw);
      } catch {
        throw invalidRequest("requestBody가 올바른 JSON이 아닙니다.");
      }
    } else if (raw !== undefined) {
      throw invalidRequest("requestBody는 하나의 JSON 문자열이어야 합니다.");
    }
    const body = parsePortOne(getPaymentsBodySchema, input);
    checkStore(body.filter?.storeId);
    const { items, page } = ledger.list(body);
    res.json({ items: items.map((p) => toPaymentJson(p, dispatcher.historyOf(p.id))), page });
  });

  return r;
}
