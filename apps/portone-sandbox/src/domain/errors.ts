/**
 * An error PortOne's REST API would answer: JSON `{type, message, ...extra}` with the status the
 * official schema gives the type (`x-portone-status-code`). The SDK parses this body into its
 * typed errors (`GetPaymentError`, `CancelPaymentError`, … with `.data.type`), so every error the
 * sandbox sends must be this shape, never HTML or problem+json.
 */
export class PortOneApiError extends Error {
  override readonly name = "PortOneApiError";
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toJSON(): Record<string, unknown> {
    return { type: this.type, message: this.message, ...this.extra };
  }
}

export const invalidRequest = (message: string) => new PortOneApiError(400, "INVALID_REQUEST", message);
export const unauthorizedError = (message = "인증 정보가 올바르지 않습니다.") => new PortOneApiError(401, "UNAUTHORIZED", message);
export const forbiddenError = (message: string) => new PortOneApiError(403, "FORBIDDEN", message);
export const paymentNotFound = () => new PortOneApiError(404, "PAYMENT_NOT_FOUND", "결제 건이 존재하지 않습니다.");
export const conflict = (type: string, message: string) => new PortOneApiError(409, type, message);

/**
 * What the browser SDK reports when a payment request fails (`PaymentResponse.code`), e.g.
 * `AmountNotEqualToPredefined` (TxServicePayErrorCode in @portone/browser-sdk). Not a REST error:
 * the checkout page turns it into redirect query parameters.
 */
export class CheckoutFailure extends Error {
  override readonly name = "CheckoutFailure";
  constructor(
    readonly code: string,
    message: string,
    readonly pgCode?: string,
    readonly pgMessage?: string,
  ) {
    super(message);
  }
}
