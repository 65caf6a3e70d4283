import { useCallback, useEffect, useRef, useState } from "react";
import { accessToken, newIdempotencyKey, refreshSession } from "../../api/client";
import { staff, type StaffAction } from "../../api/endpoints";
import { ApiError, errorMessage } from "../../api/errors";
import type { Reservation, StaffAlert, StaffSlotGroup } from "../../api/types";
import { useAuth } from "../../auth/AuthContext";
import { ErrorAlert, Spinner, StatusBadge } from "../../components/ui";
import { useLive, useLiveEvents } from "../../live/LiveContext";
import { recordIfNewer, type StatusChange } from "../../live/order";
import { AnswerOrder } from "../../lib/answers";
import { COLOR_LABEL, formatTime, formatWon, todayIn } from "../../lib/format";

/** Fallback poll: the store's live stream (docs/decisions/0041) normally refreshes the queue at once. */
const POLL_MS = 60_000;
/** Events come in bursts (one status change = one event per audience): one refetch per burst. */
const REFETCH_DEBOUNCE_MS = 250;

const NEXT: Record<string, { action: StaffAction; label: string } | undefined> = {
  CONFIRMED: { action: "printing", label: "인쇄 시작" },
  PRINTING: { action: "ready", label: "인쇄 완료 (수령 가능)" },
  READY: { action: "picked-up", label: "수령 처리" },
};
const REFUNDABLE = ["CONFIRMED", "PRINTING", "READY", "PICKED_UP"];

function customerName(r: Reservation): string {
  return r.customer?.name ?? r.customerName ?? "고객";
}

/** Downloads a file with the bearer token (a plain link cannot send it). */
async function download(url: string, fileName: string): Promise<void> {
  const get = () => fetch(url, { headers: accessToken() ? { authorization: `Bearer ${accessToken()}` } : {} });
  let res = await get();
  if (res.status === 401 && (await refreshSession())) res = await get();
  if (!res.ok) {
    let problem = {};
    try {
      problem = await res.json();
    } catch {
      /* not json */
    }
    throw new ApiError(res.status, problem);
  }
  const blob = await res.blob();
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
  const [groups, setGroups] = useState<StaffSlotGroup[] | null>(null);
  const [alerts, setAlerts] = useState<StaffAlert[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [announce, setAnnounce] = useState("");

  const { connected } = useLive();
  /** latest status change per reservation by `at` (stream order is not event order) */
  const latest = useRef(new Map<string, StatusChange & { seq: number }>());
  /** status changes shown before the refetch that includes them returns */
  const [overrides, setOverrides] = useState<Map<string, StatusChange & { seq: number }>>(new Map());
  const eventSeq = useRef(0);
  const groupsRef = useRef<StaffSlotGroup[] | null>(null);
  groupsRef.current = groups;

  /**
   * Answers can arrive out of order (a slow first load of today, then the day the staff picked):
   * only the newest answer for the day on screen may replace the queue, or the older day's list
   * would stay until the next poll.
   */
  const shownDate = useRef(date);
  shownDate.current = date;
  const queueAnswers = useState(() => new AnswerOrder())[0];
  const alertAnswers = useState(() => new AnswerOrder())[0];

  const load = useCallback(() => {
    if (!storeId) return;
    const startedAt = eventSeq.current;
    const ticket = queueAnswers.begin();
    const forShownDate = () => date === shownDate.current;
    staff.queue(storeId, date).then(
      (g) => {
        if (!forShownDate() || !ticket.apply()) return;
        setGroups(g);
        setError(null);
        // the response includes every change received before the request was sent: the API wins
        setOverrides((o) => new Map([...o].filter(([, c]) => c.seq > startedAt)));
      },
      (e) => forShownDate() && ticket.current() && setError(e),
    );
    const alertTicket = alertAnswers.begin();
    staff.alerts(storeId).then((a) => alertTicket.apply() && setAlerts(a), () => undefined);
  }, [storeId, date, queueAnswers, alertAnswers]);

  useEffect(() => {
    // another day: the spinner, not the previous day's list under the new date
    setGroups(null);
    load();
    const t = setInterval(load, POLL_MS);
    return () => clearInterval(t);
  }, [load]);

  // a stream that comes back after a gap: the replay covers events, a reload covers a resync we missed
  const wasConnected = useRef(connected);
  useEffect(() => {
    if (connected && !wasConnected.current) load();
    wasConnected.current = connected;
  }, [connected, load]);

  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (refetchTimer.current && clearTimeout(refetchTimer.current)), []);
  const scheduleLoad = () => {
    if (refetchTimer.current) clearTimeout(refetchTimer.current);
    refetchTimer.current = setTimeout(load, REFETCH_DEBOUNCE_MS);
  };

  useLiveEvents((e) => {
    if (e.event === "reservation.status" && e.reservationId && e.status && e.at) {
      const change = { reservationId: e.reservationId, to: e.status, at: e.at, seq: ++eventSeq.current };
      if (recordIfNewer(latest.current, change)) {
        setOverrides((o) => new Map(o).set(change.reservationId, change));
        const shown = groupsRef.current?.some((g) => g.reservations.some((r) => r.id === change.reservationId));
        if (!shown && change.to === "CONFIRMED") setAnnounce("결제된 새 예약이 대기열에 들어왔습니다.");
      }
      scheduleLoad();
    } else if (e.event === "reservation.status" || e.event === "notification" || e.event === "resync") {
      scheduleLoad();
    }
  });

  const resolve = async (a: StaffAlert) => {
    try {
      await staff.resolveAlert(a.id);
      setAnnounce("알림을 확인 처리했습니다.");
      load();
    } catch (e) {
      setError(e);
    }
  };

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
                <button type="button" className="link-button" onClick={() => void resolve(a)}>
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
            {g.reservations.map((fetched) => {
              const o = overrides.get(fetched.id);
              const r = o && o.to !== fetched.status ? { ...fetched, status: o.to as Reservation["status"] } : fetched;
              return (
              <QueueItem key={r.id} r={r} alert={alerts.some((a) => a.reservationId === r.id)} onChanged={(msg) => (setAnnounce(msg), load())} />
              );
            })}
          </ul>
        </section>
      ))}
    </section>
  );
}

const ALERT_LABEL: Record<string, string> = { REFUND_FAILED: "환불 실패", LATE_PAYMENT: "늦은 결제", COMPENSATION: "자동 환불", EXTERNAL_REFUND: "외부 환불" };

function QueueItem({ r, alert, onChanged }: { r: Reservation; alert: boolean; onChanged: (msg: string) => void }) {
  const next = NEXT[r.status];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [code, setCode] = useState("");
  const [refundOpen, setRefundOpen] = useState(false);
  const key = useRef(newIdempotencyKey());

  const act = async () => {
    if (!next) return;
    setBusy(true);
    setError(null);
    try {
      await staff.act(r.id, next.action, key.current, next.action === "picked-up" ? { pickupCode: code.trim() } : {});
      key.current = newIdempotencyKey();
      onChanged(`${customerName(r)} 예약: ${next.label} 처리했습니다.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

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
              onClick={() =>
                void download(staff.fileUrl(r.id, it.uploadId), it.fileName ?? `${r.id}-${i + 1}.pdf`).catch((e) => setError(e))
              }
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
            void act();
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

function RefundForm({ r, onDone }: { r: Reservation; onDone: (msg: string) => void }) {
  const x = r as Record<string, unknown>;
  const paid = Number(x.paidAmount ?? r.totalAmount) - Number(r.refundedAmount ?? 0);
  const [amount, setAmount] = useState(String(paid));
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());

  const submit = async () => {
    const n = Number(amount);
    if (!Number.isInteger(n) || n <= 0 || n > paid) {
      setError(`환불 금액은 1원 이상 ${formatWon(paid)} 이하의 정수로 입력해 주세요.`);
      return;
    }
    if (!reason.trim()) {
      setError("환불 사유를 입력해 주세요.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await staff.refund(r.id, n, reason.trim(), key.current);
      onDone(`${formatWon(n)} 환불을 요청했습니다.`);
    } catch (e) {
      setError(errorMessage(e));
      key.current = newIdempotencyKey();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="refund-form"
      aria-label="환불"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
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
