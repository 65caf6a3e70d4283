import type express from "express";
import { AppError, handleOperation } from "@preprint/service-kit";
import type { Deps } from "../use-cases/deps";
import { showKioskReservation } from "../use-cases/kiosk-view";
import { releaseAtKiosk } from "../use-cases/release-at-kiosk";
import { kioskReservationOp, releaseOp } from "./api";
import { requireDevice } from "./device-auth";
import { serveDeclared } from "./serve";

export function kioskRoutes(app: express.Express, deps: Deps): void {
  const kiosk = requireDevice(deps, "KIOSK");

  serveDeclared(
    app,
    releaseOp,
    kiosk,
    handleOperation(releaseOp, async ({ body }, req, res) => {
      try {
        const view = await releaseAtKiosk(deps, req.device!, body.pickupCode);
        res.setHeader("Cache-Control", "no-store");
        return view;
      } catch (err) {
        if (err instanceof AppError && err.status === 429) res.setHeader("Retry-After", String(err.extra.retryAfterSeconds));
        throw err;
      }
    }),
  );

  serveDeclared(
    app,
    kioskReservationOp,
    kiosk,
    handleOperation(kioskReservationOp, ({ params }, req, res) => {
      res.setHeader("Cache-Control", "no-store");
      return showKioskReservation(deps, req.device!, params.id);
    }),
  );
}
