import type { PortOnePayment } from "../portone/client";

export type Stage = "sandbox" | "test" | "live";

/**
 * Which of the store's payments belong to this stage: a test-stage deployment sharing the store
 * with live must never touch a live customer's payment, nor live a reviewer's. The sandbox
 * emulator serves this application alone (undefined: every payment).
 */
export function isTestOf(mode: Stage): boolean | undefined {
  return mode === "sandbox" ? undefined : mode === "test";
}

export function ofThisStage(p: PortOnePayment, mode: Stage): boolean {
  const isTest = isTestOf(mode);
  if (isTest === undefined) return true;
  const type = "channel" in p ? p.channel?.type : undefined;
  return type === (isTest ? "TEST" : "LIVE");
}
