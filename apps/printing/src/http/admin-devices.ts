import type express from "express";
import { requireAuth, type TokenVerifier } from "@preprint/auth";
import { forbidden, handleOperation, parseWith } from "@preprint/service-kit";
import type { Deps } from "../use-cases/deps";
import { listDevices, registerDevice, removeDevice } from "../use-cases/manage-devices";
import { listDevicesOp, registerDeviceOp, removeDeviceOp } from "./api";
import { storeParams } from "./schemas";
import { serveDeclared } from "./serve";

/**
 * Staff of the store, or its owner, manage the store's devices. `owner` tokens name their store in
 * `storeId` (one store) or `storeIds` (several). Checked before the body is read, so another
 * store's staff learn nothing from a validation answer.
 */
const requireStoreAdmin: express.RequestHandler = (req, _res, next) => {
  const { storeId } = parseWith(storeParams, req.params);
  const claims = req.auth as (typeof req.auth & { storeIds?: unknown }) | undefined;
  const role = claims?.role as string | undefined;
  const stores = Array.isArray(claims?.storeIds) ? (claims.storeIds as unknown[]) : [];
  const ofStore = claims?.storeId === storeId || stores.includes(storeId);
  if ((role === "staff" || role === "owner") && ofStore) return next();
  throw forbidden("You may manage the devices of your own store only.", "OTHER_STORE");
};

export function adminDeviceRoutes(app: express.Express, deps: Deps, verify: TokenVerifier): void {
  // role checked per store: `owner` is not (yet) in the auth package's role list
  const storeAdmin = [requireAuth(verify), requireStoreAdmin];

  serveDeclared(
    app,
    registerDeviceOp,
    ...storeAdmin,
    handleOperation(registerDeviceOp, ({ params, body }, req, res) => {
      res.setHeader("Cache-Control", "no-store");
      return registerDevice(deps, {
        storeId: params.storeId,
        kind: body.kind,
        name: body.name,
        actor: `${req.auth!.role}:${req.auth!.sub}`,
      });
    }),
  );

  serveDeclared(
    app,
    listDevicesOp,
    ...storeAdmin,
    handleOperation(listDevicesOp, async ({ params }) => ({ devices: await listDevices(deps, params.storeId) })),
  );

  serveDeclared(
    app,
    removeDeviceOp,
    ...storeAdmin,
    handleOperation(removeDeviceOp, ({ params }) => removeDevice(deps, params.storeId, params.deviceId)),
  );
}
