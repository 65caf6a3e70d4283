export * from "./system";
export * from "./otlp";
export * from "./api";
// the HTTP client, the PDF maker and the SMTP capture every suite shares, for the system's users
export { MailCatcher, makePdf, seoulDate, type CallOptions, type CapturedMail, type Res } from "@preprint/test-support";
export * from "./contract";
