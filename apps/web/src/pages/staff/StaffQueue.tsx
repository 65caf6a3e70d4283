import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { newIdempotencyKey } from "../../api/client";
import { staff, type StaffAction } from "../../api/endpoints";
import { errorMessage } from "../../api/errors";
import { keys, queries, refetchNewest } from "../../api/queries";
import type { StaffAlert, StaffReservation } from "../../api/types";
import { useAuth } from "../../auth/AuthContext";
import { ErrorAlert, Spinner, StatusBadge } from "../../components/ui";
import { COLOR_LABEL, formatTime, formatWon, todayIn } from "../../lib/format";
import { useLive, useLiveEvents } from "../../live/LiveContext";

/** Fallback poll: the store's live stream (docs/decisions/0041) normally refreshes the queue at once. */
const POLL_MS = 60_000;

const NEXT: Record<string, { action: StaffAction; label: string } | undefined> = {
  CONFIRMED: { action: "printing", label: "인쇄 시작" },
  PRINTING: { action: "ready", label: "인쇄 완료 (수령 가능)" },
  READY: { action: "picked-up", label: "수령 처리" },
};
const REFUNDABLE = ["CONFIRMED", "PRINTING", "READY", "PICKED_UP"];

function customerName(r: StaffReservation): string {
  return r.customer?.name ?? "고객";
}

/** Saves a downloaded file under its name (the bearer token goes in a header, so not a plain link). */
function saveFile(blob: Blob, fileName: string): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function StaffQueue() {
  const { user } = useAuth();
  const storeId = user?.storeId ?? "";
  const [date, setDate] = useState(todayIn());
  const [announce, setAnnounce] = useState("");
  const client = useQueryClient();
  const { connected } = useLive();

  // each day is its own query: an answer for the day picked before never shows under this one;
  // the store's live stream patches and refetches both (src/live/cache.ts)
  const poll = { refetchInterval: POLL_MS, refetchIntervalInBackground: true, enabled: !!storeId };
  const queue = useQuery({ ...queries.staffQueue(storeId, date), ...poll });
  const alertsQuery = useQuery({ ...queries.staffAlerts(storeId), ...poll });
  const groups = queue.data ?? null;
  const alerts: StaffAlert[] = alertsQuery.data ?? [];
  const load = () => void refetchNewest(client, keys.store(storeId));

  // a stream that comes back after a gap: the replay covers events, a reload covers a resync we missed
  const wasConnected = useRef(connected);
  useEffect(() => {
    if (connected && !wasConnected.current) load();
    wasConnected.current = connected;
  }, [connected]);

  useLiveEvents((e) => {
    const shown = groups?.some((g) => g.reservations.some((r) => r.id === e.reservationId));
    if (e.event === "reservation.status" && e.status === "CONFIRMED" && !shown) setAnnounce("결제된 새 예약이 대기열에 들어왔습니다.");
  });

  const resolveAlert = useMutation({
    mutationFn: (a: StaffAlert) => staff.resolveAlert(a.id),
    onSuccess: () => {
      setAnnounce("알림을 확인 처리했습니다.");
      load();
    },
  });
  const resolve = (a: StaffAlert) => resolveAlert.mutate(a);
  const error = queue.error ?? resolveAlert.error;

  if (!storeId) return <ErrorAlert error="이 계정에 연결된 매장이 없습니다. 관리자에게 문의해 주세요." />;
  const total = groups?.reduce((n, g) => n + g.reservations.length, 0) ?? 0;

  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title" tabIndex={-1}>
        매장 대기열
      </h1>
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="staff-date">날짜</label>
          <input id="staff-date" type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
        </div>
        <button type="button" className="button secondary" onClick={load}>
          새로 고침
        </button>
      </div>
      <p className="hint live-state" data-testid="staff-live" data-connected={connected ? "true" : "false"}>
        {connected ? "● 실시간으로 대기열을 받고 있습니다" : "○ 실시간 연결 대기 중 (1분마다 새로 고침합니다)"}
      </p>
      <div className="sr-only" role="status" aria-live="polite">
        {announce}
      </div>
      {alerts.length > 0 && (
        <section role="alert" className="notice notice-error" aria-labelledby="alerts-title" data-testid="staff-alerts">
          <h2 id="alerts-title">확인이 필요한 알림 {alerts.length}건</h2>
          <ul>
            {alerts.map((a) => (
              <li key={a.id} data-kind={a.kind}>
                <strong>{ALERT_LABEL[a.kind] ?? "확인 필요"}</strong> · <span className="mono">{a.reservationId}</span> · {a.message}{" "}
                <button type="button" className="link-button" onClick={() => resolve(a)}>
                  확인 완료
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <ErrorAlert error={error} />
      {!groups && !error && <Spinner label="대기열을 불러오는 중" />}
      {groups && total === 0 && <p>이 날의 결제된 예약이 없습니다.</p>}
      {groups?.map((g) => (
        <section key={g.slot.id} className="slot-group" aria-labelledby={`slot-${g.slot.id}`}>
          <h2 id={`slot-${g.slot.id}`}>
            {formatTime(g.slot.startsAt)}–{formatTime(g.slot.endsAt)} <span className="hint">{g.reservations.length}건</span>
          </h2>
          <ul className="queue">
            {g.reservations.map((r) => (
              <QueueItem
                key={r.id}
                r={r}
                alert={alerts.some((a) => a.reservationId === r.id)}
                onChanged={(msg) => (setAnnounce(msg), load())}
              />
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

const ALERT_LABEL: Record<string, string> = {
  REFUND_FAILED: "환불 실패",
  LATE_PAYMENT: "늦은 결제",
  COMPENSATION: "자동 환불",
  EXTERNAL_REFUND: "외부 환불",
};

function QueueItem({ r, alert, onChanged }: { r: StaffReservation; alert: boolean; onChanged: (msg: string) => void }) {
  const next = NEXT[r.status];
  const [code, setCode] = useState("");
  const [refundOpen, setRefundOpen] = useState(false);
  const key = useRef(newIdempotencyKey());

  const action = useMutation({
    mutationFn: (step: NonNullable<typeof next>) =>
      staff.act(r.id, step.action, key.current, step.action === "picked-up" ? code.trim() : undefined),
    onSuccess: (_, step) => {
      key.current = newIdempotencyKey();
      onChanged(`${customerName(r)} 예약: ${step.label} 처리했습니다.`);
    },
  });
  const download = useMutation({
    mutationFn: ({ uploadId }: { uploadId: string; fileName: string }) => staff.file(r.id, uploadId),
    onSuccess: (blob, { fileName }) => saveFile(blob, fileName),
  });
  const act = () => next && action.mutate(next);
  const busy = action.isPending;
  const error = action.error ?? download.error;

  return (
    <li id={`rsv-${r.id}`} className="card queue-item" data-testid="queue-item" data-status={r.status}>
      <div className="queue-head">
        <strong>{customerName(r)}</strong> <StatusBadge status={r.status} /> <span>{formatWon(r.totalAmount)}</span>
        {alert && <span className="badge badge-alert">확인 필요</span>}
      </div>
      <p className="hint mono">{r.id}</p>
      <ul className="files">
        {(r.items ?? []).map((it, i) => (
          <li key={it.uploadId ?? i}>
            <button
              type="button"
              className="link-button"
              onClick={() => download.mutate({ uploadId: it.uploadId, fileName: it.fileName ?? `${r.id}-${i + 1}.pdf` })}
            >
              {it.fileName ?? `파일 ${i + 1}`} 내려받기
            </button>{" "}
            <span className="hint">
              {it.pages ? `${it.pages}쪽 · ` : ""}
              {it.paperSize} {it.colorMode ? COLOR_LABEL[it.colorMode] : ""} {it.duplex ? "양면" : "단면"} · {it.copies}부
            </span>
          </li>
        ))}
      </ul>
      {next && (
        <form
          className="staff-action"
          onSubmit={(e) => {
            e.preventDefault();
            act();
          }}
        >
          {next.action === "picked-up" && (
            <div className="field inline">
              <label htmlFor={`code-${r.id}`}>수령 코드</label>
              <input
                id={`code-${r.id}`}
                inputMode="numeric"
                autoComplete="off"
                required
                pattern="[0-9]{6}"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            </div>
          )}
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? "처리 중…" : next.label}
          </button>
        </form>
      )}
      {REFUNDABLE.includes(r.status) && (
        <>
          <button type="button" className="link-button" aria-expanded={refundOpen} onClick={() => setRefundOpen((o) => !o)}>
            환불
          </button>
          {refundOpen && <RefundForm r={r} onDone={onChanged} />}
        </>
      )}
      <ErrorAlert error={error} />
    </li>
  );
}

function RefundForm({ r, onDone }: { r: StaffReservation; onDone: (msg: string) => void }) {
  const x = r as Record<string, unknown>;
  const paid = Number(x.paidAmount ?? r.totalAmount) - Number(r.refundedAmount ?? 0);
  const [amount, setAmount] = useState(String(paid));
  const [reason, setReason] = useState("");
  const [invalid, setInvalid] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());

  const refund = useMutation({
    mutationFn: (input: { amount: number; reason: string }) => staff.refund(r.id, input.amount, input.reason, key.current),
    onSuccess: (_, input) => onDone(`${formatWon(input.amount)} 환불을 요청했습니다.`),
    onError: () => {
      key.current = newIdempotencyKey();
    },
  });
  const busy = refund.isPending;
  const error = invalid ?? (refund.error ? errorMessage(refund.error) : null);

  const submit = () => {
    const n = Number(amount);
    if (!Number.isInteger(n) || n <= 0 || n > paid) {
      setInvalid(`환불 금액은 1원 이상 ${formatWon(paid)} 이하의 정수로 입력해 주세요.`);
      return;
    }
    if (!reason.trim()) {
      setInvalid("환불 사유를 입력해 주세요.");
      return;
    }
    setInvalid(null);
    refund.mutate({ amount: n, reason: reason.trim() });
  };

  return (
    <form
      className="refund-form"
      aria-label="환불"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="field">
        <label htmlFor={`amt-${r.id}`}>환불 금액 (원)</label>
        <input
          id={`amt-${r.id}`}
          type="number"
          inputMode="numeric"
          min={1}
          max={paid}
          step={1}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          aria-describedby={`amt-hint-${r.id}`}
        />
        <p id={`amt-hint-${r.id}`} className="hint">
          환불 가능 금액 {formatWon(paid)}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`why-${r.id}`}>환불 사유</label>
        <input id={`why-${r.id}`} value={reason} maxLength={200} required onChange={(e) => setReason(e.target.value)} />
      </div>
      <ErrorAlert error={error} />
      <button type="submit" className="button danger" disabled={busy}>
        {busy ? "요청하는 중…" : "환불 요청"}
      </button>
    </form>
  );
}
