import { AppError, callService } from "@preprint/service-kit";
import { z } from "zod";

/**
 * What we need from `GET /internal/reservations/{id}` of the reservation service. Unknown fields
 * are ignored, so the reservation service may add more.
 */
export const internalReservationSchema = z
  .object({
  id: z.string().min(1),
  /** the owner (reservation service: `ownerId`; `customerId` accepted too) */
  ownerId: z.string().min(1).optional(),
  customerId: z.string().min(1).optional(),
  status: z.string().min(1),
  totalAmount: z.number().int().nonnegative(),
  currency: z.literal("KRW"),
  expiresAt: z.string().nullable().optional(),
  orderName: z.string().min(1),
  customer: z.object({ id: z.string().min(1), name: z.string(), email: z.string(), phone: z.string().nullish() }),
  store: z.object({ id: z.string().min(1), name: z.string(), timeZone: z.string().min(1) }),
  slot: z.object({ id: z.string().min(1), startsAt: z.string(), endsAt: z.string() }).nullish(),
  })
  .transform(({ ownerId, customerId, ...r }) => ({ ...r, customerId: ownerId ?? customerId ?? r.customer.id }));
export type InternalReservation = z.infer<typeof internalReservationSchema>;

export class ReservationClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: () => Promise<string>,
  ) {}

  /** The reservation of record, or undefined when it does not exist. */
  async get(reservationId: string): Promise<InternalReservation | undefined> {
    const url = new URL(`/internal/reservations/${encodeURIComponent(reservationId)}`, this.baseUrl).toString();
    const res = await callService<unknown>(url, { headers: { authorization: `Bearer ${await this.token()}` }, timeoutMs: 5000 });
    if (res.status === 404) return undefined;
    if (res.status !== 200) {
      throw new AppError(502, "UPSTREAM_BAD_RESPONSE", `The reservation service answered ${res.status}. Please try again.`);
    }
    const parsed = internalReservationSchema.safeParse(res.body);
    if (!parsed.success) {
      throw new AppError(502, "UPSTREAM_BAD_RESPONSE", "The reservation service answered with an unexpected shape.");
    }
    return parsed.data;
  }
}
