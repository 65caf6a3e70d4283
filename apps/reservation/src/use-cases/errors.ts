import { AppError, notFound } from "@preprint/service-kit";
import { ConcurrentUpdateError } from "../db/transitions";
import { IllegalTransitionError } from "../domain/lifecycle";

/** Another customer's reservation is "not found", not "forbidden": ids are not confirmed to exist. */
export const reservationNotFound = () => notFound("Reservation", "RESERVATION_NOT_FOUND");
export const storeNotFound = () => notFound("Store", "STORE_NOT_FOUND");

/** A move the state machine refuses (409 INVALID_STATE) or that lost a race (409 CONCURRENT_UPDATE), as the problem a client sees. */
export function asStateConflict(err: unknown): unknown {
  if (err instanceof IllegalTransitionError) {
    return new AppError(409, "INVALID_STATE", `This is not possible while the reservation is ${err.from}.`, { currentStatus: err.from });
  }
  if (err instanceof ConcurrentUpdateError)
    return new AppError(409, "CONCURRENT_UPDATE", "The reservation changed meanwhile. Please retry.");
  return err;
}
