import { activeDeviceByTokenHash, touchDevice } from "../db/devices";
import { hashDeviceToken, looksLikeDeviceToken, type DeviceKind } from "../domain/device-token";
import type { Deps } from "./deps";
import { deviceTokenInvalid } from "./manage-devices";

export interface DevicePrincipal {
  deviceId: string;
  storeId: string;
  kind: DeviceKind;
}

/** The live device a bearer token belongs to; 401 DEVICE_TOKEN_INVALID for anything else (revoked included). */
export async function authenticateDevice(deps: Deps, token: string | undefined): Promise<DevicePrincipal> {
  if (!token || !looksLikeDeviceToken(token)) throw deviceTokenInvalid();
  const device = await activeDeviceByTokenHash(deps.prisma, hashDeviceToken(token));
  if (!device) throw deviceTokenInvalid();
  await touchDevice(deps.prisma, device.id, deps.now());
  return { deviceId: device.id, storeId: device.storeId, kind: device.kind as DeviceKind };
}
