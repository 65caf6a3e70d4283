import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { reservations } from "../api/endpoints";
import type { Reservation } from "../api/types";
import { ErrorAlert, Spinner, StatusBadge } from "../components/ui";
import { useLive, useLiveEvents } from "../live/LiveContext";
import { formatDateTime, formatWon, statusLabel } from "../lib/format";
import { slotTimes } from "./ReservationDetail";

export function MyReservations() {
  const [list, setList] = useState<Reservation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [announce, setAnnounce] = useState("");
  const { connected } = useLive();

  const load = useCallback(() => {
    reservations.list().then((l) => {
      setList((prev) => {
        const changed = prev && l.find((n) => prev.find((p) => p.id === n.id && p.status !== n.status));
        if (changed) setAnnounce(`예약 상태가 '${statusLabel(changed.status)}'(으)로 바뀌었습니다.`);
        return l;
      });
    }, setError);
  }, []);
  useEffect(load, [load]);
  useLiveEvents(() => load());

  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title" tabIndex={-1}>
        내 예약
      </h1>
      <p className="hint live-state">{connected ? "● 실시간으로 상태를 받고 있습니다" : "○ 실시간 연결 대기 중"}</p>
      <div className="sr-only" role="status" aria-live="polite">
        {announce}
      </div>
      <ErrorAlert error={error} />
      {!list && !error && <Spinner />}
      {list && list.length === 0 && (
        <p>
          아직 예약이 없습니다. <Link to="/">인쇄 예약하기</Link>
        </p>
      )}
      <ul className="reservation-list">
        {list?.map((r) => {
          const { startsAt } = slotTimes(r);
          return (
            <li key={r.id} className="card" data-testid="reservation-row" data-status={r.status}>
              <Link to={`/reservations/${encodeURIComponent(r.id)}`} className="row-link">
                <StatusBadge status={r.status} />
                <span>{startsAt ? formatDateTime(startsAt) : formatDateTime(r.createdAt)}</span>
                <strong>{formatWon(r.totalAmount)}</strong>
                {r.pickupCode && ["CONFIRMED", "PRINTING", "READY"].includes(r.status) && (
                  <span className="mono">수령 코드 {r.pickupCode}</span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
