import type { Response } from "express";
import type { AccessClaims } from "@preprint/auth";
import { audienceOf } from "../domain/audience";
import type { StreamHub } from "../stream/hub";

/**
 * Opens a live-push stream on `res` for the caller's audience, resuming after `lastEventId` when
 * given. The hub enforces the per-account and per-replica limits (429/503 with Retry-After).
 */
export async function openStream(hub: StreamHub, claims: AccessClaims, lastEventId: bigint | undefined, res: Response): Promise<void> {
  await hub.subscribe(claims.sub, audienceOf(claims), lastEventId, res);
}
