import type express from "express";
import { bearerToken } from "@preprint/auth";
import { AppError } from "@preprint/service-kit";
import type { DeviceKind } from "../domain/device-token";
import { authenticateDevice, type DevicePrincipal } from "../use-cases/authenticate-device";
import type { Deps } from "../use-cases/deps";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      device?: DevicePrincipal;
    }
  }
}

/** Device routes: a live device token of the given kind (a kiosk's token prints nothing, an agent's releases nothing). */
export function requireDevice(deps: Deps, kind: DeviceKind): express.RequestHandler {
  return (req, _res, next) => {
    authenticateDevice(deps, bearerToken(req.get("authorization")))
      .then((device) => {
        if (device.kind !== kind)
          throw new AppError(403, "DEVICE_KIND_MISMATCH", `This route is for a ${kind === "KIOSK" ? "kiosk" : "print agent"}.`);
        req.device = device;
        next();
      })
      .catch(next);
  };
}
