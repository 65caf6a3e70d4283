import { notFound } from "@preprint/service-kit";
import { reservationWithJobs } from "../db/reservations";
import { maskName } from "../domain/mask";
import { progressOf, type Progress } from "../domain/progress";
import type { DevicePrincipal } from "./authenticate-device";
import type { Deps } from "./deps";

export interface KioskReservationView {
  reservationId: string;
  customerName: string;
  status: Progress;
  slot: { startsAt: string; endsAt: string };
  items: {
    jobId: string;
    fileName: string;
    pages: number;
    copies: number;
    status: string;
    impressionsPrinted: number;
    impressionsPaid: number;
  }[];
}

type Row = NonNullable<Awaited<ReturnType<typeof reservationWithJobs>>>;

export function kioskView(r: Row): KioskReservationView {
  return {
    reservationId: r.id,
    customerName: maskName(r.customerName),
    status: r.status === "WAITING" && r.jobs.every((j) => j.status === "HELD") ? "WAITING" : progressOf(r.jobs.map((j) => j.status)),
    slot: { startsAt: r.slotStartsAt.toISOString(), endsAt: r.slotEndsAt.toISOString() },
    items: r.jobs.map((j) => ({
      jobId: j.id,
      fileName: j.fileName,
      pages: j.pages,
      copies: j.copies,
      status: j.status,
      impressionsPrinted: j.impressionsPrinted + (j.status === "PRINTING" ? j.impressionsCurrent : 0),
      impressionsPaid: j.impressionsPaid,
    })),
  };
}

/**
 * A kiosk polls the progress of a reservation it released: only one of its own store that was
 * released (a kiosk cannot browse a store's reservations by id).
 */
export async function showKioskReservation(deps: Deps, kiosk: DevicePrincipal, reservationId: string): Promise<KioskReservationView> {
  const r = await reservationWithJobs(deps.prisma, reservationId);
  if (!r || r.storeId !== kiosk.storeId || !r.releasedAt) throw notFound("Reservation", "RESERVATION_NOT_FOUND");
  return kioskView(r);
}
