/**
 * API errors (application/problem+json `{type,title,status,detail,code}`) turned into Korean
 * sentences. The UI never shows a raw code: known codes map to a sentence, unknown ones fall back
 * to the server's `detail` when it is Korean, else to a sentence chosen by HTTP status.
 */

import type { PaymentFailureCode, ProblemCode } from "@preprint/contracts";

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.code = problem.code ?? `HTTP_${status}`;
    this.problem = problem;
  }
}

/**
 * Every problem code our answers can carry (the catalogue in @preprint/contracts), in Korean:
 * exactly those codes, no more (test/error-messages.test.ts); a code added to the catalogue
 * does not compile here until it has its sentence.
 */
export const ERROR_MESSAGES: Record<ProblemCode, string> = {
  // request shape and transport (service kit, every service)
  VALIDATION_FAILED: "입력한 내용을 다시 확인해 주세요.",
  MALFORMED_JSON: "요청을 처리할 수 없습니다. 화면을 새로 고친 뒤 다시 시도해 주세요.",
  BAD_REQUEST: "요청을 처리할 수 없습니다. 입력한 내용을 다시 확인해 주세요.",
  MALFORMED_REQUEST: "요청을 처리할 수 없습니다. 화면을 새로 고친 뒤 다시 시도해 주세요.",
  HEADERS_TOO_LARGE: "요청을 처리할 수 없습니다. 브라우저를 새로 고친 뒤 다시 시도해 주세요.",
  URI_TOO_LONG: "요청 주소가 너무 깁니다. 처음 화면에서 다시 시도해 주세요.",
  PAYLOAD_TOO_LARGE: "파일이 너무 큽니다. 더 작은 파일로 나누어 올려 주세요.",
  UNSUPPORTED_ENCODING: "요청을 처리할 수 없습니다.",
  ROUTE_NOT_FOUND: "찾으시는 정보가 없습니다.",
  NOT_FOUND: "찾으시는 정보가 없습니다.",
  METHOD_NOT_ALLOWED: "요청을 처리할 수 없습니다. 화면을 새로 고친 뒤 다시 시도해 주세요.",
  INTERNAL: "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.",
  // signing in and access
  UNAUTHENTICATED: "로그인이 필요합니다. 다시 로그인해 주세요.",
  TOKEN_INVALID: "로그인 정보가 올바르지 않습니다. 다시 로그인해 주세요.",
  TOKEN_EXPIRED: "로그인이 만료되었습니다. 다시 로그인해 주세요.",
  FORBIDDEN: "이 작업을 할 권한이 없습니다.",
  ORIGIN_NOT_ALLOWED: "허용되지 않은 경로의 요청입니다. 공식 주소로 접속해 주세요.",
  EMAIL_TAKEN: "이미 가입된 이메일입니다. 로그인해 주세요.",
  INVALID_CREDENTIALS: "이메일 또는 비밀번호가 올바르지 않습니다.",
  LOGIN_LOCKED: "로그인에 여러 번 실패해 잠시 잠겼습니다. 잠시 후 다시 시도해 주세요.",
  REFRESH_TOKEN_MISSING: "로그인이 필요합니다.",
  REFRESH_TOKEN_INVALID: "로그인이 만료되었습니다. 다시 로그인해 주세요.",
  REFRESH_TOKEN_EXPIRED: "로그인이 만료되었습니다. 다시 로그인해 주세요.",
  REFRESH_TOKEN_REUSED: "보안을 위해 로그아웃되었습니다. 다시 로그인해 주세요.",
  NAME_TOO_LONG: "이름은 30자 이내로 입력해 주세요.",
  EMAIL_TOO_LONG: "이메일 주소는 60자 이내로 입력해 주세요.",
  // the gateway's edge
  RATE_LIMITED: "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.",
  BAD_PATH: "잘못된 주소입니다. 처음 화면에서 다시 시도해 주세요.",
  BAD_REQUEST_TARGET: "잘못된 주소입니다. 처음 화면에서 다시 시도해 주세요.",
  STREAMS_BUSY: "실시간 연결이 많아 잠시 뒤 다시 연결합니다.",
  UPSTREAM_TIMEOUT: "응답이 늦어지고 있습니다. 잠시 후 다시 시도해 주세요.",
  UPSTREAM_UNAVAILABLE: "서비스에 일시적으로 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",
  UPSTREAM_BAD_RESPONSE: "서비스에 일시적으로 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",
  // Idempotency-Key (service kit)
  IDEMPOTENCY_KEY_REQUIRED: "요청을 처리할 수 없습니다. 화면을 새로 고친 뒤 다시 시도해 주세요.",
  IDEMPOTENCY_KEY_INVALID: "요청을 처리할 수 없습니다. 화면을 새로 고친 뒤 다시 시도해 주세요.",
  IDEMPOTENCY_IN_PROGRESS: "이미 처리 중인 요청입니다. 잠시 후 결과를 확인해 주세요.",
  IDEMPOTENCY_KEY_REUSED: "이미 처리 중인 요청입니다. 잠시 후 결과를 확인해 주세요.",
  // stores, slots, quotes, reservations
  STORE_NOT_FOUND: "매장을 찾을 수 없습니다.",
  RESERVATION_NOT_FOUND: "예약을 찾을 수 없습니다.",
  PRICES_NOT_PUBLISHED: "이 매장은 아직 요금을 공개하지 않아 예약할 수 없습니다.",
  OPTION_NOT_AVAILABLE: "이 매장에서 지원하지 않는 인쇄 옵션입니다. 다른 옵션을 골라 주세요.",
  SLOT_UNAVAILABLE: "예약할 수 없는 시간대입니다. 다른 시간을 골라 주세요.",
  SLOT_FULL: "선택한 시간대가 마감되었습니다. 다른 시간을 골라 주세요.",
  ORDER_TOO_LARGE_FOR_SLOT: "이 시간대에 인쇄할 수 있는 양을 넘습니다. 부수를 줄이거나 다른 시간을 골라 주세요.",
  CUSTOMER_CONTACT_MISSING: "계정에 이메일 주소가 없어 예약할 수 없습니다. 고객센터로 문의해 주세요.",
  CONSENT_NOTICE_CHANGED: "주문 제작 안내가 바뀌었습니다. 바뀐 안내를 읽고 다시 동의해 주세요.",
  NOT_CANCELLABLE: "이 예약은 지금 취소할 수 없습니다.",
  REFUND_AMOUNT_CHANGED: "그 사이 환불 금액이 바뀌었습니다. 바뀐 금액을 확인한 뒤 다시 취소해 주세요.",
  INVALID_STATE: "지금 상태에서는 이 작업을 할 수 없습니다. 화면을 새로 고쳐 주세요.",
  CONCURRENT_UPDATE: "다른 요청과 겹쳐 처리하지 못했습니다. 다시 시도해 주세요.",
  // uploads
  UPLOAD_NOT_FOUND: "업로드한 파일을 찾을 수 없습니다. 파일을 다시 올려 주세요.",
  FILE_NOT_FOUND: "파일을 찾을 수 없습니다.",
  FILE_DELETED: "보관 기간이 지나 파일이 삭제되었습니다.",
  FILE_MISSING: "파일을 찾을 수 없습니다.",
  FILE_TOO_LARGE: "파일이 너무 큽니다. 더 작은 파일로 나누어 올려 주세요.",
  MULTIPART_REQUIRED: "파일을 올리는 중 문제가 생겼습니다. 다시 올려 주세요.",
  MALFORMED_MULTIPART: "파일을 올리는 중 문제가 생겼습니다. 다시 올려 주세요.",
  UPLOAD_ABORTED: "파일을 올리는 중 연결이 끊겼습니다. 다시 올려 주세요.",
  STORAGE_UNAVAILABLE: "지금 파일을 저장할 수 없습니다. 잠시 후 다시 올려 주세요.",
  UPLOADS_BUSY: "지금 파일을 확인하는 요청이 많습니다. 잠시 후 다시 올려 주세요.",
  NOT_A_PDF: "PDF 파일만 올릴 수 있습니다.",
  PDF_ENCRYPTED: "암호가 걸린 PDF는 인쇄할 수 없습니다. 암호를 해제한 뒤 올려 주세요.",
  PDF_CORRUPT: "PDF 파일을 읽을 수 없습니다. 파일이 손상되지 않았는지 확인해 주세요.",
  PDF_EMPTY: "쪽이 없는 PDF입니다. 다른 파일을 올려 주세요.",
  PDF_TOO_COMPLEX: "이 PDF는 구조가 너무 복잡해 확인할 수 없습니다. PDF로 다시 저장하거나 인쇄용 PDF로 내보낸 뒤 올려 주세요.",
  PDF_TOO_MANY_PAGES: "쪽수가 너무 많습니다. 파일을 나누어 올려 주세요.",
  // staff
  STAFF_STORE_MISSING: "이 계정에 연결된 매장이 없습니다. 관리자에게 문의해 주세요.",
  STAFF_WITHOUT_STORE: "이 계정에 연결된 매장이 없습니다. 관리자에게 문의해 주세요.",
  OTHER_STORE: "다른 매장의 예약입니다.",
  ALERT_NOT_FOUND: "이미 처리되었거나 없는 알림입니다. 화면을 새로 고쳐 주세요.",
  PICKUP_CODE_MISMATCH: "수령 코드가 일치하지 않습니다. 고객의 코드를 다시 확인해 주세요.",
  NOT_PAID: "결제가 완료되지 않은 예약입니다.",
  REFUND_EXCEEDS_PAID: "환불 금액이 환불 가능한 금액을 넘습니다.",
  // payments
  PAYMENT_NOT_FOUND: "결제 정보를 찾을 수 없습니다.",
  ALREADY_PAID: "이미 결제가 완료된 예약입니다.",
  RESERVATION_NOT_PAYABLE: "결제할 수 없는 예약 상태입니다.",
  RESERVATION_EXPIRED: "결제 시간이 지나 예약이 만료되었습니다. 다시 예약해 주세요.",
  CHECKOUT_CONFLICT: "다른 창에서 결제를 진행 중입니다. 잠시 후 다시 시도해 주세요.",
  PORTONE_UNAVAILABLE: "결제사에 일시적으로 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",
  WEBHOOK_INVALID: "결제사 알림을 처리할 수 없습니다.",
  WEBHOOK_SIGNATURE_INVALID: "결제사 알림을 확인할 수 없습니다.",
  // notifications
  NOTIFICATION_NOT_FOUND: "알림을 찾을 수 없습니다.",
  INVALID_CURSOR: "목록을 다시 불러와 주세요.",
  INVALID_LAST_EVENT_ID: "실시간 연결을 다시 시작합니다.",
  TOO_MANY_STREAMS: "열어 둔 창이 너무 많아 실시간 연결을 할 수 없습니다. 다른 창을 닫아 주세요.",
  STREAM_CAPACITY_REACHED: "실시간 연결이 많아 잠시 뒤 다시 연결합니다.",
  SHUTTING_DOWN: "서비스를 점검하고 있습니다. 잠시 뒤 다시 연결합니다.",
  // the store's kiosk and print agent (printing service)
  ITEM_NOT_FOUND: "인쇄할 파일을 찾을 수 없습니다.",
  DEVICE_TOKEN_INVALID: "이 기기의 등록이 해제되었거나 올바르지 않습니다. 매장 직원에게 문의해 주세요.",
  DEVICE_TOKEN_NOT_ALLOWED: "매장 기기로는 이 화면을 사용할 수 없습니다.",
  DEVICE_KIND_MISMATCH: "이 기기로는 할 수 없는 작업입니다.",
  DEVICE_NOT_FOUND: "등록된 기기를 찾을 수 없습니다.",
  PICKUP_CODE_NOT_FOUND: "픽업 코드를 확인해 주세요. 오늘 이 매장에서 결제된 예약의 코드만 사용할 수 있습니다.",
  TOO_MANY_CODE_TRIES: "잘못된 코드를 여러 번 입력했습니다. 1분 뒤에 다시 시도해 주세요.",
  JOB_NOT_FOUND: "인쇄 작업을 찾을 수 없습니다.",
  DOCUMENT_GONE: "인쇄할 파일이 보관 기간이 지나 삭제되었습니다. 매장 직원에게 문의해 주세요.",
  EVENT_SEQ_TAKEN: "인쇄 상태가 이미 기록되었습니다.",
};

/** Failures that are not answers of ours: the browser could not reach the API, or a bug of the app. */
const NETWORK_ERROR = "네트워크에 연결할 수 없습니다. 연결 상태를 확인해 주세요.";
const UNEXPECTED_ERROR = "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.";

/** Why a payment failed, as the payment record says (`failure.code`, @preprint/contracts). */
export const PAYMENT_FAILURE_MESSAGES: Record<PaymentFailureCode, string> = {
  AMOUNT_MISMATCH: "결제 금액이 주문 금액과 달라 결제를 취소했습니다. 다시 시도해 주세요.",
  CURRENCY_MISMATCH: "결제 통화가 올바르지 않아 결제를 취소했습니다.",
  TEST_CHANNEL_IN_LIVE: "결제 설정에 문제가 있어 지금은 결제할 수 없습니다. 고객센터로 문의해 주세요.",
  LIVE_CHANNEL_IN_TEST: "테스트 결제 환경에서 실제 결제 채널로 결제되어 결제가 취소되었습니다. 고객센터로 문의해 주세요.",
  PAYMENT_ID_MISMATCH: "결제 정보가 일치하지 않습니다. 다시 결제해 주세요.",
  PG_DECLINED: "결제가 승인되지 않았습니다. 다른 결제수단으로 다시 시도해 주세요.",
  CANCELLED_AT_PORTONE: "결제사에서 결제가 취소되었습니다. 다시 결제해 주세요.",
  LATE_PAYMENT: "결제 시간이 지난 뒤 결제되어 결제를 취소했습니다. 결제 금액은 환불됩니다.",
  RESERVATION_CANCELLED: "예약이 취소되어 결제가 진행되지 않았습니다.",
};

/** PortOne browser-SDK / redirect `code` values (the payment window's own result). */
export const PAYMENT_WINDOW_MESSAGES: Record<string, string> = {
  FAILURE_TYPE_PG: "결제가 승인되지 않았습니다. 카드 정보나 한도를 확인하고 다시 시도해 주세요.",
  FAILURE_TYPE_PROCESS: "결제 처리 중 문제가 생겼습니다. 다시 시도해 주세요.",
  PAY_PROCESS_CANCELED: "결제창이 닫혀 결제가 진행되지 않았습니다.",
  PAY_PROCESS_ABORTED: "결제가 중단되었습니다. 다시 시도해 주세요.",
  USER_CANCEL: "결제창이 닫혀 결제가 진행되지 않았습니다.",
  PAYMENT_CANCELLED: "결제창이 닫혀 결제가 진행되지 않았습니다.",
  DECLINED: "결제가 승인되지 않았습니다. 다른 결제수단으로 다시 시도해 주세요.",
  PAYMENT_DECLINED: "결제가 승인되지 않았습니다. 다른 결제수단으로 다시 시도해 주세요.",
};

const STATUS_MESSAGES: Record<number, string> = {
  400: "요청을 처리할 수 없습니다. 입력한 내용을 다시 확인해 주세요.",
  401: "로그인이 필요합니다. 다시 로그인해 주세요.",
  403: "이 작업을 할 권한이 없습니다.",
  404: "찾으시는 정보가 없습니다.",
  409: "다른 요청과 겹쳐 처리하지 못했습니다. 화면을 새로 고친 뒤 다시 시도해 주세요.",
  413: "파일이 너무 큽니다. 더 작은 파일로 나누어 올려 주세요.",
  415: "지원하지 않는 파일 형식입니다.",
  422: "입력한 내용을 다시 확인해 주세요.",
  429: "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.",
  502: "서비스에 일시적으로 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",
  503: "서비스에 일시적으로 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",
  504: "응답이 늦어지고 있습니다. 잠시 후 다시 시도해 주세요.",
};

const known = (table: Record<string, string>, code: string | null | undefined): string | undefined =>
  code && Object.prototype.hasOwnProperty.call(table, code) ? table[code] : undefined;

const HANGUL = /[\uac00-\ud7a3]/;

/** A Korean sentence for any thrown value; never a raw code or stack. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    const sentence = known(ERROR_MESSAGES, err.code);
    if (sentence) return sentence;
    const detail = err.problem.detail;
    if (detail && HANGUL.test(detail)) return detail;
    return STATUS_MESSAGES[err.status] ?? (err.status >= 500 ? STATUS_MESSAGES[503] : STATUS_MESSAGES[400]);
  }
  if (err instanceof TypeError) return NETWORK_ERROR;
  return UNEXPECTED_ERROR;
}

/** The payment window's result code as a Korean sentence (decline, closed window …). */
export function paymentWindowMessage(code: string | null | undefined, message?: string | null): string {
  if (!code) return "";
  const sentence = known(PAYMENT_WINDOW_MESSAGES, code) ?? known(PAYMENT_FAILURE_MESSAGES, code) ?? known(ERROR_MESSAGES, code);
  if (sentence) return sentence;
  if (message && HANGUL.test(message)) return message;
  return "결제가 완료되지 않았습니다. 다시 시도해 주세요.";
}
