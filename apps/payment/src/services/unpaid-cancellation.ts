import type { Logger } from "@preprint/service-kit";
import { casStatus } from "../db/payments";
import type { PrismaClient } from "../db/prisma";
import { paymentMetrics } from "../telemetry/metrics";
import type { Settlement } from "./settlement";

/** Payments still open for a reservation: a checkout window, or one the job gave up on (a late payment may still land). */
const OPEN = ["PENDING", "EXPIRED"];

/**
 * The customer cancelled a reservation before paying. Its open payment is closed (FAILED,
 * `RESERVATION_CANCELLED`, no payment.failed: nothing failed from the customer's side), so a
 * payment that still lands is cancelled at PortOne by the settlement (a PAID on a FAILED id is
 * given back whole) instead of confirming the reservation. PortOne has no call to close an open
 * payment window (cancel answers PAYMENT_NOT_PAID until it is paid), so PortOne is asked right
 * away whether it was paid meanwhile; later payments are caught by the webhook, the browser's
 * complete call or reconciliation.
 */
export class UnpaidCancellation {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly settlement: Settlement,
    private readonly logger: Logger,
  ) {}

  async onReservationCancelled(reservationId: string): Promise<number> {
    const open = await this.prisma.payment.findMany({ where: { reservationId, status: { in: OPEN } }, select: { id: true } });
    let closed = 0;
    for (const { id } of open) {
      const won = await casStatus(this.prisma, id, OPEN, {
        status: "FAILED",
        openReservationId: null,
        failureCode: "RESERVATION_CANCELLED",
        failureReason: "the reservation was cancelled before the payment",
        failedAt: new Date(),
        emitFailure: false,
        lastError: null,
      });
      if (!won) continue;
      closed++;
      paymentMetrics.failed("RESERVATION_CANCELLED");
      this.logger.info({ paymentId: id, reservationId }, "open payment closed: the reservation was cancelled");
      await this.settlement.settle(id, "cancel");
    }
    return closed;
  }
}
