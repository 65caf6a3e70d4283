import type { RefObject } from "react";
import { Link } from "react-router";
import type { MadeToOrderNotice } from "../api/types";
import { ErrorAlert } from "./ui";

/**
 * The separate notice of 전자상거래법 §17②6 (시행령 §21) and its explicit consent checkbox, shown
 * before every reservation: the text is the reservation service's own, so what the customer reads
 * is exactly what is stored with the reservation.
 */
export function MadeToOrderConsentStep(props: {
  notice: MadeToOrderNotice | null;
  noticeError: unknown;
  checked: boolean;
  error: string;
  inputRef: RefObject<HTMLInputElement | null>;
  onChange: (checked: boolean) => void;
}) {
  const { notice, noticeError, checked, error, inputRef, onChange } = props;
  return (
    <section className="card consent" aria-labelledby="consent-title" data-testid="made-to-order-notice">
      <h2 id="consent-title">주문 제작 안내 (필수)</h2>
      {!notice && !noticeError && <p className="loading">안내를 불러오는 중…</p>}
      {!notice && noticeError ? <ErrorAlert error={noticeError} /> : null}
      {notice && (
        <>
          <div className="notice-text" id="consent-text" role="region" tabIndex={0} aria-label="주문 제작 인쇄물의 청약철회 제한 안내">
            {notice.text.split("\n").map((line, i) => (
              <p key={i}>{line}</p>
            ))}
          </div>
          <p className="hint">
            자세한 내용은 <Link to="/policies/refund">결제 및 환불 절차</Link>를 확인해 주세요. 안내 버전 {notice.version}
          </p>
          <div className="field">
            <label className="checkbox">
              <input
                ref={inputRef}
                type="checkbox"
                name="madeToOrderConsent"
                checked={checked}
                onChange={(e) => onChange(e.target.checked)}
                aria-describedby={error ? "consent-text consent-err" : "consent-text"}
                aria-invalid={error ? true : undefined}
              />
              <span>위 안내를 읽었으며, 인쇄가 시작된 뒤에는 청약철회가 제한되는 데 동의합니다 (필수)</span>
            </label>
            {error && (
              <p id="consent-err" className="field-error" role="alert">
                {error}
              </p>
            )}
          </div>
        </>
      )}
    </section>
  );
}
