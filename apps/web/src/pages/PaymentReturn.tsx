import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { payments } from "../api/endpoints";
import { errorMessage, PAYMENT_WINDOW_MESSAGES, paymentWindowMessage } from "../api/errors";
import { keys } from "../api/queries";
import type { PaymentResult } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { Spinner } from "../components/ui";
import { useLiveEvents } from "../live/LiveContext";

/** A payment PortOne has not decided yet is asked about again this often, this many times. */
const PENDING_RETRY_MS = 1500;
const PENDING_RETRIES = 5;

type View =
  | { kind: "working" }
  | { kind: "approved"; result: PaymentResult }
  /** paid, then refunded in full (the page opened again later, or a refund made in PortOne's console) */
  | { kind: "refunded"; result: PaymentResult }
  | { kind: "failed"; message: string; reservationId?: string }
  | { kind: "pending"; reservationId?: string }
  | { kind: "error"; message: string };

/**
 * The one place a payment ends, whatever started it (sandbox checkout page, PortOne redirect on
 * phones, PortOne promise on desktop): /payments/return?paymentId=…&code=…&message=…
 * It always asks the payment service to complete (idempotent; the server checks PortOne itself)
 * and shows what the server says, with the window's own code explaining a decline or a closed window.
 */
export function PaymentReturn() {
  const [params] = useSearchParams();
  const paymentId = params.get("paymentId") ?? params.get("payment_id") ?? "";
  // PortOne puts the window's outcome in code/message and the PG's own in pgCode/pgMessage;
  // the PG's is more precise (e.g. PAY_PROCESS_CANCELED = the customer closed the window)
  const pgCode = params.get("pgCode");
  const code = pgCode && PAYMENT_WINDOW_MESSAGES[pgCode] ? pgCode : params.get("code");
  const message = params.get("pgMessage") ?? params.get("message");
  const [confirmed, setConfirmed] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const { user } = useAuth();

  // completing is idempotent (the server checks PortOne itself): a query, asked again while pending
  const completion = useQuery({
    queryKey: [...keys.payment(user!.id, paymentId), "complete"],
    queryFn: () => payments.complete(paymentId),
    enabled: !!paymentId,
    // every visit asks again: a payment approved earlier may have been refunded since
    gcTime: 0,
    refetchInterval: (q) =>
      q.state.status === "success" && isUndecided(q.state.data, code) && q.state.dataUpdateCount <= PENDING_RETRIES
        ? PENDING_RETRY_MS
        : false,
  });
  const view = viewOf(paymentId, completion.data, completion.error, code, message);

  useEffect(() => {
    if (view.kind !== "working") heading.current?.focus();
  }, [view.kind]);

  const reservationId =
    view.kind === "approved" || view.kind === "refunded"
      ? view.result.reservationId
      : "reservationId" in view
        ? view.reservationId
        : undefined;
  useLiveEvents((e) => {
    if (reservationId && e.reservationId === reservationId && e.status === "CONFIRMED") setConfirmed(true);
  });

  const link = reservationId ? `/reservations/${encodeURIComponent(reservationId)}` : "/reservations";
  return (
    <section aria-labelledby="ret-title" className="card">
      {view.kind === "working" && (
        <>
          <h1 id="ret-title" tabIndex={-1}>
            결제 확인 중
          </h1>
          <Spinner label="결제 결과를 확인하고 있습니다" />
        </>
      )}
      {view.kind !== "working" && (
        <>
          <h1 id="ret-title" tabIndex={-1} ref={heading}>
            {view.kind === "approved"
              ? "결제가 완료되었습니다"
              : view.kind === "refunded"
                ? "환불된 결제입니다"
                : view.kind === "pending"
                  ? "결제를 확인하고 있습니다"
                  : "결제가 완료되지 않았습니다"}
          </h1>
          <div
            role={view.kind === "failed" || view.kind === "error" ? "alert" : "status"}
            aria-live="polite"
            data-testid="payment-result"
            data-result={view.kind}
          >
            {view.kind === "approved" && view.result.refundStatus === "PARTIAL" && (
              <p>
                결제 금액 중 {(view.result.refundedAmount ?? 0).toLocaleString("ko-KR")}원이 환불되었습니다. 자세한 내용은 예약에서 확인해
                주세요.
              </p>
            )}
            {view.kind === "approved" && view.result.refundStatus !== "PARTIAL" && (
              <p>
                예약을 확정하고 있습니다.{" "}
                {confirmed ? "예약이 확정되었습니다. 수령 코드를 확인해 주세요." : "잠시 뒤 수령 코드가 발급됩니다."}
              </p>
            )}
            {view.kind === "refunded" && (
              <p>
                이 결제는 전액({(view.result.refundedAmount ?? 0).toLocaleString("ko-KR")}원) 환불되었습니다. 수령 코드는 더 이상 사용할 수
                없습니다. 카드사에 따라 환불 반영까지 영업일 기준 3~7일이 걸릴 수 있습니다.
              </p>
            )}
            {view.kind === "pending" && <p>결제사에서 결과를 아직 받지 못했습니다. 확인되면 알림으로 알려 드립니다.</p>}
            {(view.kind === "failed" || view.kind === "error") && <p>{view.message}</p>}
          </div>
          <p className="actions">
            <Link className="button primary" to={link}>
              {view.kind === "failed" ? "예약으로 돌아가 다시 결제" : "예약 확인하기"}
            </Link>
          </p>
        </>
      )}
    </section>
  );
}

/** Neither approved nor declined, and the window reported nothing: PortOne may still decide. */
function isUndecided(result: PaymentResult | undefined, code: string | null): boolean {
  return !!result && result.status !== "APPROVED" && result.status !== "FAILED" && !code;
}

/** What the page says, from the server's answer and the payment window's own code. */
function viewOf(paymentId: string, result: PaymentResult | undefined, error: unknown, code: string | null, message: string | null): View {
  if (!paymentId) return { kind: "error", message: "결제 정보가 없습니다. 내 예약에서 결제 상태를 확인해 주세요." };
  if (error)
    return code ? { kind: "failed", message: paymentWindowMessage(code, message) } : { kind: "error", message: errorMessage(error) };
  if (!result) return { kind: "working" };
  if (result.status === "APPROVED") return { kind: result.refundStatus === "FULL" ? "refunded" : "approved", result };
  if (result.status === "FAILED")
    return {
      kind: "failed",
      reservationId: result.reservationId,
      message:
        paymentWindowMessage(code, message) ||
        paymentWindowMessage(result.failure?.code ?? result.failureCode ?? "DECLINED", result.failure?.reason ?? result.failureReason) ||
        "결제가 승인되지 않았습니다.",
    };
  // the window reported a failure and PortOne has no payment: a closed window or a decline
  if (code) return { kind: "failed", reservationId: result.reservationId, message: paymentWindowMessage(code, message) };
  return { kind: "pending", reservationId: result.reservationId };
}
