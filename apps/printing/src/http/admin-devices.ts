import type express from "express";
import { requireAuth, type TokenVerifier } from "@preprint/auth";
import { forbidden, parseWith } from "@preprint/service-kit";
import type { Deps } from "../use-cases/deps";
import { listDevices, registerDevice, removeDevice } from "../use-cases/manage-devices";
import { createdDeviceSchema, createDeviceBody, deviceListSchema, deviceParams, storeParams } from "./schemas";

/**
 * Staff of the store, or its owner, manage the store's devices. `owner` tokens name their store in
 * `storeId` (one store) or `storeIds` (several).
 */
function requireStoreAdmin(req: express.Request, storeId: string): void {
  const claims = req.auth as (typeof req.auth & { storeIds?: unknown }) | undefined;
  const role = claims?.role as string | undefined;
  const stores = Array.isArray(claims?.storeIds) ? (claims.storeIds as unknown[]) : [];
  const ofStore = claims?.storeId === storeId || stores.includes(storeId);
  if ((role === "staff" || role === "owner") && ofStore) return;
  throw forbidden("You may manage the devices of your own store only.", "OTHER_STORE");
}

export function adminDeviceRoutes(app: express.Express, deps: Deps, verify: TokenVerifier): void {
  // role checked per store below: `owner` is not (yet) in the auth package's role list
  const signedIn = requireAuth(verify);

  app.post("/api/admin/stores/:storeId/devices", signedIn, async (req, res) => {
    const { storeId } = parseWith(storeParams, req.params);
    requireStoreAdmin(req, storeId);
    const body = parseWith(createDeviceBody, req.body);
    const created = await registerDevice(deps, { storeId, kind: body.kind, name: body.name, actor: `${req.auth!.role}:${req.auth!.sub}` });
    res.status(201).setHeader("Cache-Control", "no-store").json(createdDeviceSchema.parse(created));
  });

  app.get("/api/admin/stores/:storeId/devices", signedIn, async (req, res) => {
    const { storeId } = parseWith(storeParams, req.params);
    requireStoreAdmin(req, storeId);
    res.json(deviceListSchema.parse({ devices: await listDevices(deps, storeId) }));
  });

  app.delete("/api/admin/stores/:storeId/devices/:deviceId", signedIn, async (req, res) => {
    const { storeId, deviceId } = parseWith(deviceParams, req.params);
    requireStoreAdmin(req, storeId);
    await removeDevice(deps, storeId, deviceId);
    res.status(204).end();
  });
}
