import type { Tx } from "./client";

export interface NewDevice {
  id: string;
  storeId: string;
  kind: string;
  name: string;
  tokenHash: string;
  tokenHint: string;
  createdBy: string;
}

export const insertDevice = (tx: Tx, d: NewDevice) => tx.device.create({ data: d });

export const devicesOfStore = (tx: Tx, storeId: string) => tx.device.findMany({ where: { storeId }, orderBy: { createdAt: "asc" } });

/** Revokes a live device of the store; false when there is none (unknown, other store, revoked). */
export async function revokeDevice(tx: Tx, storeId: string, deviceId: string, at: Date): Promise<boolean> {
  const { count } = await tx.device.updateMany({ where: { id: deviceId, storeId, revokedAt: null }, data: { revokedAt: at } });
  return count === 1;
}

export const activeDeviceByTokenHash = (tx: Tx, tokenHash: string) => tx.device.findFirst({ where: { tokenHash, revokedAt: null } });

/** Last contact, written at most once a minute per device (every long poll would otherwise write). */
export async function touchDevice(tx: Tx, deviceId: string, at: Date): Promise<void> {
  await tx.device.updateMany({
    where: { id: deviceId, OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: new Date(at.getTime() - 60_000) } }] },
    data: { lastSeenAt: at },
  });
}
