// IPP/1.1 wire constants (RFC 8010 §3.5, RFC 8011 §5.4): only what the agent sends or reads.

export const IPP_VERSION = { major: 1, minor: 1 } as const;

export const Operation = {
  PrintJob: 0x0002,
  CancelJob: 0x0008,
  GetJobAttributes: 0x0009,
  GetJobs: 0x000a,
  GetPrinterAttributes: 0x000b,
} as const;

/** Delimiter tags that open an attribute group, and the end-of-attributes tag. */
export const GroupTag = {
  Operation: 0x01,
  Job: 0x02,
  End: 0x03,
  Printer: 0x04,
  Unsupported: 0x05,
} as const;

export const ValueTag = {
  Unsupported: 0x10,
  Unknown: 0x12,
  NoValue: 0x13,
  Integer: 0x21,
  Boolean: 0x22,
  Enum: 0x23,
  OctetString: 0x30,
  DateTime: 0x31,
  Resolution: 0x32,
  RangeOfInteger: 0x33,
  BegCollection: 0x34,
  TextWithLanguage: 0x35,
  NameWithLanguage: 0x36,
  EndCollection: 0x37,
  TextWithoutLanguage: 0x41,
  NameWithoutLanguage: 0x42,
  Keyword: 0x44,
  Uri: 0x45,
  UriScheme: 0x46,
  Charset: 0x47,
  NaturalLanguage: 0x48,
  MimeMediaType: 0x49,
  MemberAttrName: 0x4a,
} as const;

/** job-state (RFC 8011 §5.3.7). */
export const JobState = {
  3: "pending",
  4: "pending-held",
  5: "processing",
  6: "processing-stopped",
  7: "canceled",
  8: "aborted",
  9: "completed",
} as const;
export type IppJobState = (typeof JobState)[keyof typeof JobState];
export const TERMINAL_JOB_STATES: ReadonlySet<IppJobState> = new Set(["canceled", "aborted", "completed"]);

/** printer-state (RFC 8011 §5.4.11). */
export const PrinterState = { 3: "idle", 4: "processing", 5: "stopped" } as const;

/** Status codes the agent acts on; any other is reported by its number in hex. */
export const StatusCode = {
  SuccessfulOk: 0x0000,
  SuccessfulOkIgnoredOrSubstituted: 0x0001,
  SuccessfulOkConflicting: 0x0002,
  ClientErrorNotFound: 0x0406,
  ClientErrorDocumentFormatNotSupported: 0x040a,
  ClientErrorAttributesOrValuesNotSupported: 0x040b,
  ClientErrorNotPossible: 0x0404,
  ServerErrorServiceUnavailable: 0x0502,
  ServerErrorNotAcceptingJobs: 0x0506,
  ServerErrorBusy: 0x0507,
} as const;

const STATUS_NAMES: Record<number, string> = {
  0x0000: "successful-ok",
  0x0001: "successful-ok-ignored-or-substituted-attributes",
  0x0002: "successful-ok-conflicting-attributes",
  0x0400: "client-error-bad-request",
  0x0401: "client-error-forbidden",
  0x0402: "client-error-not-authenticated",
  0x0403: "client-error-not-authorized",
  0x0404: "client-error-not-possible",
  0x0405: "client-error-timeout",
  0x0406: "client-error-not-found",
  0x0407: "client-error-gone",
  0x0408: "client-error-request-entity-too-large",
  0x040a: "client-error-document-format-not-supported",
  0x040b: "client-error-attributes-or-values-not-supported",
  0x0500: "server-error-internal-error",
  0x0501: "server-error-operation-not-supported",
  0x0502: "server-error-service-unavailable",
  0x0503: "server-error-version-not-supported",
  0x0504: "server-error-device-error",
  0x0505: "server-error-temporary-error",
  0x0506: "server-error-not-accepting-jobs",
  0x0507: "server-error-busy",
  0x0508: "server-error-job-canceled",
};

export function statusName(code: number): string {
  return STATUS_NAMES[code] ?? `status-0x${code.toString(16).padStart(4, "0")}`;
}

/** Status codes after which the same request may simply be sent again later. */
export function isRetryableStatus(code: number): boolean {
  return (
    code === StatusCode.ServerErrorBusy ||
    code === StatusCode.ServerErrorServiceUnavailable ||
    code === StatusCode.ServerErrorNotAcceptingJobs ||
    code === 0x0505 /* temporary-error */
  );
}
