import { ConfigError, type Logger } from "@preprint/service-kit";
import type { PortOneApi } from "./client";

/**
 * Proves the PortOne credentials before the service takes traffic (test and live): a wrong or
 * expired API secret (401), or a store id the secret cannot reach (403), stops start-up with one
 * line naming the variable instead of failing the first customer's payment. Any other answer — PortOne
 * unreachable, rate-limited (429), failing — says nothing about our configuration: it is logged
 * and start-up goes on (the payment paths already treat an outage as "try again", and the
 * reconciliation job settles afterwards); stopping would crash-loop the service.
 */
export async function proveCredentials(portone: PortOneApi, logger: Logger): Promise<void> {
  const r = await portone.probe();
  if (r.ok) return; // a payment with a random probe id exists: odd, but the secret works
  if (r.kind === "unavailable") {
    logger.error({ reason: r.reason }, "PortOne could not be reached at start-up; the API secret is unproven");
    return;
  }
  if (r.type === "PAYMENT_NOT_FOUND") return;
  const said = `${r.type}${r.message ? `: ${r.message}` : ""}`;
  if (r.status === 401 || r.type === "UNAUTHORIZED") {
    throw new ConfigError(
      `payment: PORTONE_API_SECRET was refused by PortOne (${said}). It is wrong, expired or revoked: issue a V2 API secret in the console (결제연동 → 연동 관리 → 식별코드·API Keys) and set it.`,
    );
  }
  if (r.status === 403 || r.type === "FORBIDDEN") {
    throw new ConfigError(
      `payment: PORTONE_STORE_ID is not reachable with this API secret (${said}). Check the store id and the secret's store in the console.`,
    );
  }
  logger.error({ status: r.status, type: r.type }, "PortOne gave an unexpected answer to the start-up check; the API secret is unproven");
}
