import type { AccessClaims } from "@preprint/auth";
import { findPaymentWithRefunds } from "../db/payments";
import type { Payment, Refund } from "../generated/prisma/client";
import { paymentNotFound } from "./complete-payment";
import type { PaymentDeps } from "./deps";

export type Viewer = Pick<AccessClaims, "role" | "sub" | "storeId">;

/**
 * Our record of a payment and its refunds, for its owner or the staff of its store; anyone else
 * gets the same 404 as for a payment that does not exist.
 */
export async function getPayment(
  deps: Pick<PaymentDeps, "prisma">,
  viewer: Viewer,
  paymentId: string,
): Promise<Payment & { refunds: Refund[] }> {
  const p = await findPaymentWithRefunds(deps.prisma, paymentId);
  const allowed = p && (viewer.role === "customer" ? p.customerId === viewer.sub : viewer.storeId === p.storeId);
  if (!p || !allowed) throw paymentNotFound();
  return p;
}
