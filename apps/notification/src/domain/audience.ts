import type { AccessClaims } from "@preprint/auth";
import { forbidden } from "@preprint/service-kit";
import { storeAudience, userAudience } from "./messages";

/** Customers read their own notifications; staff read their store's (refund problems to handle). */
export function audienceOf(claims: AccessClaims): string {
  if (claims.role === "customer") return userAudience(claims.sub);
  if (claims.role === "staff") {
    if (!claims.storeId) throw forbidden("Your staff account is not assigned to a store.", "STAFF_WITHOUT_STORE");
    return storeAudience(claims.storeId);
  }
  throw forbidden();
}
