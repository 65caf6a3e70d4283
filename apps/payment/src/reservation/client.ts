import { INTERNAL_RESERVATION_PATH, internalReservation, type InternalReservation } from "@preprint/contracts";
import { AppError, callService } from "@preprint/service-kit";

export type { InternalReservation };

/**
 * The reservation service's `GET /internal/reservations/{reservationId}` (service token): the
 * reservation of record, parsed with the shape both services compile against
 * (@preprint/contracts). Fields added there later are ignored until we read them.
 */
export class ReservationClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: () => Promise<string>,
  ) {}

  /** The reservation of record, or undefined when it does not exist. */
  async get(reservationId: string): Promise<InternalReservation | undefined> {
    const url = new URL(INTERNAL_RESERVATION_PATH.replace("{reservationId}", encodeURIComponent(reservationId)), this.baseUrl).toString();
    const res = await callService<unknown>(url, { headers: { authorization: `Bearer ${await this.token()}` }, timeoutMs: 5000 });
    if (res.status === 404) return undefined;
    if (res.status !== 200) {
      throw new AppError(502, "UPSTREAM_BAD_RESPONSE", `The reservation service answered ${res.status}. Please try again.`);
    }
    const parsed = internalReservation.safeParse(res.body);
    if (!parsed.success) {
      throw new AppError(502, "UPSTREAM_BAD_RESPONSE", "The reservation service answered with an unexpected shape.");
    }
    return parsed.data;
  }
}
