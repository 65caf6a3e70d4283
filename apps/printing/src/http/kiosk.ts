import type express from "express";
import { AppError, parseWith } from "@preprint/service-kit";
import type { Deps } from "../use-cases/deps";
import { showKioskReservation } from "../use-cases/kiosk-view";
import { releaseAtKiosk } from "../use-cases/release-at-kiosk";
import { requireDevice } from "./device-auth";
import { kioskReservationSchema, releaseBody, reservationParams } from "./schemas";

export function kioskRoutes(app: express.Express, deps: Deps): void {
  const kiosk = requireDevice(deps, "KIOSK");

  app.post("/api/kiosk/release", kiosk, async (req, res) => {
    const { pickupCode } = parseWith(releaseBody, req.body);
    try {
      const view = await releaseAtKiosk(deps, req.device!, pickupCode);
      res.status(202).setHeader("Cache-Control", "no-store").json(kioskReservationSchema.parse(view));
    } catch (err) {
      if (err instanceof AppError && err.status === 429) res.setHeader("Retry-After", String(err.extra.retryAfterSeconds));
      throw err;
    }
  });

  app.get("/api/kiosk/reservations/:id", kiosk, async (req, res) => {
    const { id } = parseWith(reservationParams, req.params);
    res.setHeader("Cache-Control", "no-store").json(kioskReservationSchema.parse(await showKioskReservation(deps, req.device!, id)));
  });
}
