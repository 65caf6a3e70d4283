import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { newIdempotencyKey } from "../api/client";
import { payments, reservations } from "../api/endpoints";
import { ApiError } from "../api/errors";
import { keys, queries, refetchNewest } from "../api/queries";
import type { PayMethod, Reservation } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { RefundTiers } from "../components/RefundTiers";
import { Countdown, ErrorAlert, Spinner, Status, StatusBadge } from "../components/ui";
import { COLOR_LABEL, formatDateTime, formatTime, formatWon, statusLabel } from "../lib/format";
import { launchPayment } from "../lib/pay";
import { useSite } from "../site/SiteContext";

const PAY_LABEL: Record<PayMethod, string> = { CARD: "신용·체크카드", EASY_PAY: "간편결제" };
const PAID = ["CONFIRMED", "PRINTING", "READY"];

export function slotTimes(r: Reservation): { startsAt?: string; endsAt?: string } {
  return {
    startsAt: r.slot?.startsAt,
    endsAt: r.slot?.endsAt,
  };
}

export function ReservationDetail() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const { payments: payConfig } = useSite();
  const { user } = useAuth();
  const client = useQueryClient();
  const key = keys.reservation(user!.id, id);
  // live events for this reservation refetch it (src/live/cache.ts); the newest answer is shown
  const query = useQuery(queries.reservation(user!.id, id));
  const r = query.data ?? null;
  const error = query.error;
  const load = () => void refetchNewest(client, key);
  const [actionError, setActionError] = useState<unknown>(null);
  const [payMethod, setPayMethod] = useState<PayMethod>("CARD");
  const [paying, setPaying] = useState(false);
  const [changed, setChanged] = useState("");
  const payKey = useRef(newIdempotencyKey());

  // the status changed while the page was open: say so (it changes without a click)
  const shown = useRef<{ id: string; status: string } | null>(null);
  useEffect(() => {
    if (!r) return;
    if (shown.current && shown.current.id === r.id && shown.current.status !== r.status)
      setChanged(`예약 상태가 '${statusLabel(r.status)}'(으)로 바뀌었습니다.`);
    shown.current = { id: r.id, status: r.status };
  }, [r]);

  /** the reservation a cancel answered with, shown at once; an answer asked before it is dropped */
  const showCancelled = async (next: Reservation) => {
    await client.cancelQueries({ queryKey: key, exact: true });
    client.setQueryData(key, next);
  };

  const pay = async () => {
    if (!r) return;
    setActionError(null);
    setPaying(true);
    try {
      const checkout = await payments.checkout(r.id, payMethod, payKey.current);
      await launchPayment(checkout, payConfig, navigate);
    } catch (e) {
      setActionError(e);
      setPaying(false);
      payKey.current = newIdempotencyKey();
    }
  };

  if (error && !r) return <ErrorAlert error={error} />;
  if (!r) return <Spinner label="예약을 불러오는 중" />;

  const { startsAt, endsAt } = slotTimes(r);
  const methods = payConfig?.methods?.length ? payConfig.methods.map((m) => m.payMethod) : (["CARD", "EASY_PAY"] as PayMethod[]);

  return (
    <section aria-labelledby="rsv-title">
      <h1 id="rsv-title" tabIndex={-1}>
        예약 상세
      </h1>
      <div className="sr-only" role="status" aria-live="polite">
        {changed}
      </div>
      <div className="card">
        <p className="status-line">
          상태 <StatusBadge status={r.status} />{" "}
          <span data-testid="reservation-status" hidden>
            {r.status}
          </span>
        </p>
        <dl className="kv">
          <div>
            <dt>예약 번호</dt>
            <dd className="mono">{r.id}</dd>
          </div>
          {r.store?.name && (
            <div>
              <dt>매장</dt>
              <dd>{r.store.name}</dd>
            </div>
          )}
          {startsAt && (
            <div>
              <dt>찾는 시간</dt>
              <dd>
                {formatDateTime(startsAt)}
                {endsAt ? `–${formatTime(endsAt)}` : ""}
              </dd>
            </div>
          )}
          <div>
            <dt>결제 금액</dt>
            <dd>
              <strong>{formatWon(r.totalAmount)}</strong>
            </dd>
          </div>
          {!!r.refundedAmount && (
            <div>
              <dt>환불 금액</dt>
              <dd>{formatWon(r.refundedAmount)}</dd>
            </div>
          )}
        </dl>
        {r.items && r.items.length > 0 && (
          <ul className="items">
            {r.items.map((it, i) => (
              <li key={`${it.uploadId}-${i}`}>
                {it.fileName ?? `파일 ${i + 1}`} · {it.pages ? `${it.pages}쪽 · ` : ""}
                {it.paperSize} {it.colorMode ? COLOR_LABEL[it.colorMode] : ""} {it.duplex ? "양면" : "단면"} · {it.copies}부
              </li>
            ))}
          </ul>
        )}
      </div>

      {r.pickupCode && PAID.concat("PICKED_UP").includes(r.status) && (
        <div className="card pickup" aria-labelledby="pickup-title">
          <h2 id="pickup-title">수령 코드</h2>
          <p className="pickup-code" data-testid="pickup-code">
            {r.pickupCode}
          </p>
          <p className="hint">매장에서 이 코드를 보여 주거나 입력하면 인쇄물을 받을 수 있습니다.</p>
        </div>
      )}

      {r.status === "PENDING_PAYMENT" && (
        <div className="card" aria-labelledby="pay-title">
          <h2 id="pay-title">결제</h2>
          {r.expiresAt && <Countdown expiresAt={r.expiresAt} onExpire={load} />}
          <fieldset>
            <legend>결제 수단</legend>
            <div className="segmented">
              {methods.map((m) => (
                <label key={m}>
                  <input type="radio" name="payMethod" checked={payMethod === m} onChange={() => setPayMethod(m)} />
                  {PAY_LABEL[m]}
                </label>
              ))}
            </div>
          </fieldset>
          <ErrorAlert error={actionError} />
          <button type="button" className="button primary block" disabled={paying} onClick={() => void pay()}>
            {paying ? "결제창을 여는 중…" : `${formatWon(r.totalAmount)} 결제하기`}
          </button>
          <p className="hint" data-testid="consent-record">
            {r.madeToOrderConsent
              ? `주문 제작 안내(버전 ${r.madeToOrderConsent.noticeVersion})에 ${formatDateTime(r.madeToOrderConsent.acceptedAt)}에 동의하셨습니다. 인쇄가 시작된 뒤 취소하면 게시된 비율로 환불됩니다.`
              : "이 예약은 주문 제작 안내에 동의하지 않아, 인쇄가 시작된 뒤 취소해도 청약철회에 따라 전액 환불됩니다."}
          </p>
          <p className="hint">
            결제하면 <Link to="/policies/terms">이용약관</Link>과 <Link to="/policies/refund">결제 및 환불 절차</Link>에 동의하는 것으로
            봅니다.
          </p>
        </div>
      )}

      {r.status === "CANCEL_REQUESTED" && <Status>환불을 진행하고 있습니다. 완료되면 알려 드립니다.</Status>}
      {r.status === "REFUNDED" && <Status tone="success">환불이 완료되었습니다. 카드사 사정에 따라 반영까지 며칠 걸릴 수 있습니다.</Status>}
      {r.status === "EXPIRED" && (
        <Status>
          결제 시간이 지나 예약이 취소되었습니다. <Link to="/">다시 예약하기</Link>
        </Status>
      )}

      {(r.status === "PENDING_PAYMENT" || PAID.includes(r.status)) && <CancelSection r={r} onDone={(next) => void showCancelled(next)} />}
      <p>
        <Link to="/reservations">내 예약 목록</Link>
      </p>
    </section>
  );
}

function CancelSection({ r, onDone }: { r: Reservation; onDone: (r: Reservation) => void }) {
  const { user } = useAuth();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const key = useRef(newIdempotencyKey());
  const paid = PAID.includes(r.status);
  // the amount for the status shown; asked again each time the form opens (the tier may have moved)
  const previewKey = keys.cancelPreview(user!.id, r.id, r.status);
  const previewQuery = useQuery({ queryKey: previewKey, queryFn: () => reservations.cancelPreview(r.id), enabled: open && paid });
  const preview = previewQuery.data ?? null;
  const previewError = previewQuery.error;
  const openForm = () => {
    client.removeQueries({ queryKey: previewKey, exact: true });
    setOpen(true);
  };

  const cancel = useMutation({
    mutationFn: () => reservations.cancel(r.id, reason.trim() || "고객 요청", key.current, paid ? preview?.refundAmount : undefined),
    onSuccess: (out) => onDone(out.reservation),
    onError: (e) => {
      // the policy tier changed while the customer read the amount: show the new one
      if (e instanceof ApiError && e.code === "REFUND_AMOUNT_CHANGED") void refetchNewest(client, previewKey);
    },
  });
  const submit = () => cancel.mutate();
  const busy = cancel.isPending;
  const error = cancel.error;

  if (!open)
    return (
      <button type="button" className="button secondary block" onClick={openForm} aria-expanded={false}>
        예약 취소
      </button>
    );
  return (
    <form
      className="card"
      aria-labelledby="cancel-title"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h2 id="cancel-title">예약 취소</h2>
      {!paid && <p>아직 결제하지 않은 예약이라 바로 취소됩니다.</p>}
      {paid && (
        <>
          <div aria-live="polite">
            {preview ? (
              <p className="refund-preview" data-testid="refund-preview">
                지금 취소하면 <strong>{formatWon(preview.refundAmount)}</strong>
                {typeof preview.refundPercent === "number" ? ` (결제 금액의 ${preview.refundPercent}%)` : ""}을 환불해 드립니다.
              </p>
            ) : previewError ? (
              <ErrorAlert error={previewError} />
            ) : (
              <p className="loading">환불 금액을 계산하는 중…</p>
            )}
          </div>
          <details>
            <summary>환불 규정 보기</summary>
            <RefundTiers />
          </details>
        </>
      )}
      <div className="field">
        <label htmlFor="cancel-reason">취소 사유 (선택)</label>
        <input id="cancel-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
      </div>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="button danger" disabled={busy || (paid && !preview)}>
          {busy ? "취소하는 중…" : paid && preview ? `${formatWon(preview.refundAmount)} 환불받고 취소` : "취소하기"}
        </button>
        <button type="button" className="button secondary" onClick={() => setOpen(false)}>
          닫기
        </button>
      </div>
    </form>
  );
}
