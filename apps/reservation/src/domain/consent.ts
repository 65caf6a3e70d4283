import { madeToOrderNotice, type RefundPolicy } from "./refund-policy";

export interface AcceptedNotice {
  version: string;
  /** the exact text shown, as the service publishes it for that version */
  text: string;
}

/**
 * The notice a customer accepted, if `noticeVersion` is the one in force. The text stored is the
 * service's own, never the client's copy, so the record shows exactly what was published.
 */
export function acceptedNotice(policy: RefundPolicy, noticeVersion: string): AcceptedNotice | null {
  const notice = madeToOrderNotice(policy);
  return notice.version === noticeVersion ? { version: notice.version, text: notice.text } : null;
}
