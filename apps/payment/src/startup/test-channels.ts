import { ConfigError } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { testChannelKeysAmong } from "../db/payments";

/**
 * PortOne cannot say whether a channel key is TEST or LIVE before a payment goes through it, but
 * our own records can: every settled payment keeps PortOne's Payment object, channel included. A
 * key that carried a TEST-channel payment (the review stage on the same database) is refused in
 * live, naming the variable, before a customer pays through it and has the payment cancelled.
 */
export async function refuseKnownTestChannels(prisma: PrismaClient, keys: Record<string, string>): Promise<void> {
  const seen = await testChannelKeysAmong(prisma, Object.values(keys));
  const problems = Object.entries(keys)
    .filter(([, key]) => seen.has(key))
    .map(([name]) => `  ${name}: payments through this key were TEST-channel payments (our records); live takes the LIVE channel's key`);
  if (problems.length > 0) throw new ConfigError(`payment: invalid configuration (PORTONE_MODE=live)\n${problems.join("\n")}`);
}
