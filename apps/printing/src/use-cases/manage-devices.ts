import { newId } from "@preprint/contracts";
import { AppError, notFound } from "@preprint/service-kit";
import { devicesOfStore, insertDevice, revokeDevice } from "../db/devices";
import { hashDeviceToken, newDeviceToken, tokenHint, type DeviceKind } from "../domain/device-token";
import type { Deps } from "./deps";

export interface DeviceView {
  deviceId: string;
  storeId: string;
  kind: DeviceKind;
  name: string;
  tokenHint: string;
  createdAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
}

type DeviceRow = Awaited<ReturnType<typeof devicesOfStore>>[number];
const view = (d: DeviceRow): DeviceView => ({
  deviceId: d.id,
  storeId: d.storeId,
  // stored as text; only DEVICE_KINDS are ever written (registerDevice)
  kind: d.kind as DeviceKind,
  name: d.name,
  tokenHint: d.tokenHint,
  createdAt: d.createdAt.toISOString(),
  revokedAt: d.revokedAt?.toISOString() ?? null,
  lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
});

/** Registers a kiosk or print agent; the token is returned this once and only its hash is kept. */
export async function registerDevice(deps: Deps, input: { storeId: string; kind: DeviceKind; name: string; actor: string }) {
  const token = newDeviceToken();
  const row = await insertDevice(deps.prisma, {
    id: newId("dev"),
    storeId: input.storeId,
    kind: input.kind,
    name: input.name,
    tokenHash: hashDeviceToken(token),
    tokenHint: tokenHint(token),
    createdBy: input.actor,
  });
  return { ...view(row), token };
}

export async function listDevices(deps: Deps, storeId: string): Promise<DeviceView[]> {
  return (await devicesOfStore(deps.prisma, storeId)).map(view);
}

/** Revokes at once: the next request with the token is refused (tokens are looked up on every request). */
export async function removeDevice(deps: Deps, storeId: string, deviceId: string): Promise<void> {
  const revoked = await revokeDevice(deps.prisma, storeId, deviceId, deps.now());
  if (!revoked) throw notFound("Device", "DEVICE_NOT_FOUND");
}

export const deviceTokenInvalid = () =>
  new AppError(401, "DEVICE_TOKEN_INVALID", "This device's token is not valid. Register the device again in the back office.");
