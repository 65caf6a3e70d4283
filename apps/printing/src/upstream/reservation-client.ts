import { Readable } from "node:stream";
import { z } from "zod";
import { AppError, callService } from "@preprint/service-kit";

/** What printing needs of `GET /internal/reservations/{id}/items`; unknown fields are ignored. */
const itemsSchema = z.object({
  reservationId: z.string().min(1),
  items: z.array(
    z.object({
      id: z.string().min(1),
      fileName: z.string(),
      pages: z.number().int().positive(),
      copies: z.number().int().positive(),
      colorMode: z.string().min(1),
      duplex: z.boolean(),
      paperSize: z.string().min(1),
    }),
  ),
});
export type ReservationItem = z.infer<typeof itemsSchema>["items"][number];

export type DocumentResult = { kind: "ok"; body: Readable; length?: string } | { kind: "gone" };

/** The reservation service's internal routes, with a service token (never a user's). */
export class ReservationClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: () => Promise<string>,
  ) {}

  /** The items to print, or undefined when the reservation does not exist. */
  async items(reservationId: string): Promise<ReservationItem[] | undefined> {
    const url = new URL(`/internal/reservations/${encodeURIComponent(reservationId)}/items`, this.baseUrl).toString();
    const res = await callService<unknown>(url, { headers: { authorization: `Bearer ${await this.token()}` }, timeoutMs: 5000 });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new AppError(502, "UPSTREAM_BAD_RESPONSE", `The reservation service answered ${res.status}.`);
    const parsed = itemsSchema.safeParse(res.body);
    if (!parsed.success) throw new AppError(502, "UPSTREAM_BAD_RESPONSE", "The reservation service answered with an unexpected shape.");
    return parsed.data.items;
  }

  /** The item's PDF as a stream; `gone` when the reservation, item or file no longer exists. */
  async document(reservationId: string, itemId: string, signal?: AbortSignal): Promise<DocumentResult> {
    const url = new URL(
      `/internal/reservations/${encodeURIComponent(reservationId)}/items/${encodeURIComponent(itemId)}/document`,
      this.baseUrl,
    ).toString();
    let res: Response;
    try {
      res = await fetch(url, { headers: { authorization: `Bearer ${await this.token()}` }, signal });
    } catch (err) {
      throw new AppError(503, "UPSTREAM_UNAVAILABLE", "The document store is unavailable right now.", { cause: String(err) });
    }
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      return { kind: "gone" };
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      throw new AppError(502, "UPSTREAM_BAD_RESPONSE", `The reservation service answered ${res.status}.`);
    }
    return {
      kind: "ok",
      body: Readable.fromWeb(res.body as import("node:stream/web").ReadableStream),
      length: res.headers.get("content-length") ?? undefined,
    };
  }
}
