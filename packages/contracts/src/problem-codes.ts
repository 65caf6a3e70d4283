/**
 * Every problem `code` an answer of ours can carry (application/problem+json), with the statuses
 * it comes with and who sends it. Clients branch on these codes (the web app has a message for
 * each), so the list is closed: the service kit's `AppError` only takes a `ProblemCode`, and a new
 * code is added here first. A code is never renamed or reused for another meaning.
 *
 * `from`: kit = any service (the service kit's own answers); gateway, reservation, payment,
 * notification, printing = that service's own rules.
 */
export interface ProblemCodeEntry {
  status: readonly number[];
  from: readonly ("kit" | "gateway" | "reservation" | "payment" | "notification" | "printing")[];
  meaning: string;
}

export const problemCatalog = {
  // request shape and transport (service kit, every service)
  VALIDATION_FAILED: { status: [400], from: ["kit", "reservation"], meaning: "The request is invalid; `errors` lists every bad field" },
  MALFORMED_JSON: { status: [400], from: ["kit"], meaning: "The body is not valid JSON" },
  BAD_REQUEST: { status: [400], from: ["kit"], meaning: "The request could not be read" },
  MALFORMED_REQUEST: { status: [400], from: ["kit"], meaning: "The HTTP request could not be parsed" },
  HEADERS_TOO_LARGE: { status: [431], from: ["kit"], meaning: "The request line and headers are too large" },
  URI_TOO_LONG: { status: [414], from: ["kit"], meaning: "The request URL is too long" },
  PAYLOAD_TOO_LARGE: { status: [413], from: ["kit", "gateway"], meaning: "The request body is too large" },
  UNSUPPORTED_ENCODING: { status: [415], from: ["kit"], meaning: "The body's encoding or charset is not supported" },
  ROUTE_NOT_FOUND: { status: [404], from: ["kit", "gateway"], meaning: "No such path" },
  NOT_FOUND: { status: [404], from: ["kit"], meaning: "Something was not found (generic)" },
  METHOD_NOT_ALLOWED: { status: [405], from: ["gateway", "notification"], meaning: "The method is not allowed on this path" },
  INTERNAL: { status: [500], from: ["kit"], meaning: "Something went wrong on our side" },

  // signing in and access
  UNAUTHENTICATED: { status: [401], from: ["kit", "gateway", "notification"], meaning: "Not signed in" },
  TOKEN_INVALID: { status: [401], from: ["kit", "gateway", "notification"], meaning: "The access token is not valid" },
  TOKEN_EXPIRED: { status: [401], from: ["kit", "gateway", "notification"], meaning: "The access token has expired (refresh it)" },
  FORBIDDEN: { status: [403], from: ["kit", "gateway"], meaning: "Not allowed (e.g. staff only)" },
  ORIGIN_NOT_ALLOWED: { status: [403], from: ["gateway"], meaning: "Requests from this origin are not allowed" },
  EMAIL_TAKEN: { status: [409], from: ["gateway"], meaning: "An account with this e-mail address exists" },
  INVALID_CREDENTIALS: { status: [401], from: ["gateway"], meaning: "Wrong e-mail address or password" },
  LOGIN_LOCKED: { status: [429], from: ["gateway"], meaning: "Too many failed sign-ins; `retryAfter` seconds" },
  REFRESH_TOKEN_MISSING: { status: [401], from: ["gateway"], meaning: "No refresh cookie" },
  REFRESH_TOKEN_INVALID: { status: [401], from: ["gateway"], meaning: "The refresh cookie is not valid" },
  REFRESH_TOKEN_EXPIRED: { status: [401], from: ["gateway"], meaning: "The session has expired" },
  REFRESH_TOKEN_REUSED: { status: [401], from: ["gateway"], meaning: "A rotated refresh token was reused; the session was signed out" },
  NAME_TOO_LONG: { status: [400], from: ["gateway"], meaning: "The name is too long" },
  EMAIL_TOO_LONG: { status: [400], from: ["gateway"], meaning: "The e-mail address is too long" },

  // the gateway's edge
  RATE_LIMITED: { status: [429], from: ["gateway"], meaning: "Too many requests; see Retry-After" },
  BAD_PATH: { status: [400], from: ["gateway"], meaning: "The path has dot segments or encoded separators" },
  BAD_REQUEST_TARGET: { status: [400], from: ["gateway"], meaning: "The request target is not a path" },
  STREAMS_BUSY: { status: [503], from: ["gateway"], meaning: "The gateway's live-stream budget is spent; see Retry-After" },
  UPSTREAM_TIMEOUT: { status: [504], from: ["kit", "gateway"], meaning: "A service did not answer in time" },
  UPSTREAM_UNAVAILABLE: { status: [502], from: ["kit", "gateway"], meaning: "A service is unavailable" },
  UPSTREAM_BAD_RESPONSE: { status: [502], from: ["kit", "payment"], meaning: "A service answered with something unreadable" },

  // Idempotency-Key (service kit)
  IDEMPOTENCY_KEY_REQUIRED: { status: [400], from: ["kit"], meaning: "Send an Idempotency-Key header" },
  IDEMPOTENCY_KEY_INVALID: { status: [400], from: ["kit"], meaning: "The Idempotency-Key is malformed" },
  IDEMPOTENCY_IN_PROGRESS: { status: [409], from: ["kit"], meaning: "A request with this key is still running; retry shortly" },
  IDEMPOTENCY_KEY_REUSED: { status: [422], from: ["kit"], meaning: "The key was used for a different request" },

  // stores, slots, quotes, reservations
  STORE_NOT_FOUND: { status: [404], from: ["reservation"], meaning: "No such store" },
  RESERVATION_NOT_FOUND: { status: [404], from: ["reservation", "payment"], meaning: "No such reservation (or not yours)" },
  PRICES_NOT_PUBLISHED: { status: [409], from: ["reservation"], meaning: "The store has no price table in force" },
  OPTION_NOT_AVAILABLE: { status: [422], from: ["reservation"], meaning: "The store does not print this colour mode on this paper size" },
  SLOT_UNAVAILABLE: { status: [409], from: ["reservation"], meaning: "The slot cannot be booked (closed, past, inside the lead time)" },
  SLOT_FULL: { status: [409], from: ["reservation"], meaning: "The slot is full" },
  ORDER_TOO_LARGE_FOR_SLOT: { status: [409], from: ["reservation"], meaning: "The order needs more printed pages than a slot takes" },
  CUSTOMER_CONTACT_MISSING: { status: [400], from: ["reservation"], meaning: "The account has no e-mail address" },
  CONSENT_NOTICE_CHANGED: { status: [409], from: ["reservation"], meaning: "The made-to-order notice changed; accept the current one" },
  NOT_CANCELLABLE: { status: [409], from: ["reservation"], meaning: "The reservation cannot be cancelled in its state" },
  REFUND_AMOUNT_CHANGED: { status: [409], from: ["reservation"], meaning: "The refund the policy gives has changed; confirm again" },
  INVALID_STATE: { status: [409], from: ["reservation"], meaning: "Not possible in the reservation's current state" },
  CONCURRENT_UPDATE: { status: [409], from: ["reservation"], meaning: "The reservation changed meanwhile; retry" },

  // uploads
  UPLOAD_NOT_FOUND: { status: [404], from: ["reservation"], meaning: "No such upload (or not yours)" },
  FILE_NOT_FOUND: { status: [404], from: ["reservation"], meaning: "The file is not part of this reservation" },
  ITEM_NOT_FOUND: {
    status: [404],
    from: ["reservation"],
    meaning: "No such item in that reservation (printing service's document request)",
  },
  FILE_DELETED: { status: [410], from: ["reservation"], meaning: "The file was deleted under the retention policy" },
  FILE_MISSING: { status: [400], from: ["reservation"], meaning: "No file in the multipart field `file`" },
  FILE_TOO_LARGE: { status: [413], from: ["reservation"], meaning: "The file is larger than the limit (`maxBytes`)" },
  MULTIPART_REQUIRED: { status: [415], from: ["reservation"], meaning: "Send the file as multipart/form-data" },
  MALFORMED_MULTIPART: { status: [400], from: ["reservation"], meaning: "The multipart body could not be read" },
  UPLOAD_ABORTED: { status: [400], from: ["reservation"], meaning: "The client went away during the upload" },
  STORAGE_UNAVAILABLE: { status: [503], from: ["reservation"], meaning: "File storage is unavailable right now" },
  UPLOADS_BUSY: { status: [503], from: ["reservation"], meaning: "Too many files are being checked; see Retry-After" },
  NOT_A_PDF: { status: [415], from: ["reservation"], meaning: "The file is not a PDF" },
  PDF_ENCRYPTED: { status: [422], from: ["reservation"], meaning: "The PDF is password-protected or encrypted" },
  PDF_CORRUPT: { status: [422], from: ["reservation"], meaning: "The PDF is damaged" },
  PDF_EMPTY: { status: [422], from: ["reservation"], meaning: "The PDF has no pages" },
  PDF_TOO_COMPLEX: { status: [422], from: ["reservation"], meaning: "The PDF is too complex to check" },
  PDF_TOO_MANY_PAGES: { status: [422], from: ["reservation"], meaning: "The PDF has more pages than accepted" },

  // staff
  STAFF_STORE_MISSING: { status: [403], from: ["reservation"], meaning: "The staff account is not assigned to a store" },
  STAFF_WITHOUT_STORE: { status: [403], from: ["notification"], meaning: "The staff account is not assigned to a store" },
  OTHER_STORE: { status: [403], from: ["reservation", "printing"], meaning: "Staff of another store" },
  ALERT_NOT_FOUND: { status: [404], from: ["reservation"], meaning: "No such alert" },
  PICKUP_CODE_MISMATCH: { status: [422], from: ["reservation"], meaning: "The pickup code does not match" },
  NOT_PAID: { status: [409], from: ["reservation"], meaning: "The reservation has no payment to refund" },
  REFUND_EXCEEDS_PAID: { status: [422], from: ["reservation"], meaning: "More than what can still be refunded (`refundable`)" },

  // payments
  PAYMENT_NOT_FOUND: { status: [400, 404], from: ["payment"], meaning: "No such payment (or not yours); 400 when the id is malformed" },
  ALREADY_PAID: { status: [409], from: ["payment"], meaning: "The reservation or payment is already paid" },
  RESERVATION_NOT_PAYABLE: { status: [409], from: ["payment"], meaning: "The reservation cannot be paid in its state" },
  RESERVATION_EXPIRED: { status: [409], from: ["payment"], meaning: "The reservation expired before payment" },
  CHECKOUT_CONFLICT: { status: [409], from: ["payment"], meaning: "Another checkout for this reservation is running; retry" },
  PORTONE_UNAVAILABLE: { status: [502, 503], from: ["payment"], meaning: "PortOne is not reachable right now" },
  WEBHOOK_INVALID: { status: [400], from: ["payment"], meaning: "The webhook body is not JSON" },
  WEBHOOK_SIGNATURE_INVALID: { status: [400], from: ["payment"], meaning: "The webhook signature could not be verified" },

  // notifications
  NOTIFICATION_NOT_FOUND: { status: [404], from: ["notification"], meaning: "No such notification (or not yours)" },
  INVALID_CURSOR: { status: [400], from: ["notification"], meaning: "The list cursor is not valid" },
  INVALID_LAST_EVENT_ID: { status: [400], from: ["notification"], meaning: "Last-Event-ID is not valid" },
  TOO_MANY_STREAMS: { status: [429], from: ["notification"], meaning: "This account has too many live connections" },
  STREAM_CAPACITY_REACHED: { status: [503], from: ["notification"], meaning: "The server has too many live connections" },
  SHUTTING_DOWN: { status: [503], from: ["notification"], meaning: "The server is shutting down; connect again" },
  // devices, the kiosk and the print agent (printing service)
  DEVICE_TOKEN_INVALID: { status: [401], from: ["printing", "gateway"], meaning: "The device token is missing, wrong or revoked" },
  DEVICE_TOKEN_NOT_ALLOWED: {
    status: [401],
    from: ["gateway"],
    meaning: "A store device's token was sent to a route that is not a device route",
  },
  DEVICE_KIND_MISMATCH: {
    status: [403],
    from: ["printing"],
    meaning: "This kind of device cannot use this route (a kiosk on an agent route or the reverse)",
  },
  DEVICE_NOT_FOUND: { status: [404], from: ["printing"], meaning: "No such device in this store" },
  PICKUP_CODE_NOT_FOUND: { status: [404], from: ["printing"], meaning: "No paid reservation for today at this store has that pickup code" },
  TOO_MANY_CODE_TRIES: { status: [429], from: ["printing"], meaning: "This kiosk typed too many wrong codes; try again after Retry-After" },
  JOB_NOT_FOUND: { status: [404], from: ["printing"], meaning: "No such print job for this device's store" },
  DOCUMENT_GONE: { status: [410], from: ["printing"], meaning: "The print job's document is no longer stored" },
  EVENT_SEQ_TAKEN: { status: [409], from: ["printing"], meaning: "A different event was already recorded under this job event number" },
} as const satisfies Record<string, ProblemCodeEntry>;

export type ProblemCode = keyof typeof problemCatalog;
export const problemCodes = Object.keys(problemCatalog) as ProblemCode[];
export const isProblemCode = (code: string): code is ProblemCode => Object.prototype.hasOwnProperty.call(problemCatalog, code);
