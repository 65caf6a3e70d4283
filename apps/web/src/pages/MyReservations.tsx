import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { reservations } from "../api/endpoints";
import { keys } from "../api/queries";
import type { Reservation } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { ErrorAlert, Spinner, StatusBadge } from "../components/ui";
import { formatDateTime, formatWon, statusLabel } from "../lib/format";
import { focusItem, usePagedQuery } from "../lib/paged";
import { useLive } from "../live/LiveContext";
import { slotTimes } from "./ReservationDetail";

const fetchPage = (before?: string) => reservations.page(before);

export function MyReservations() {
  const { user } = useAuth();
  // live events refetch this list (src/live/cache.ts)
  const list = usePagedQuery<Reservation>(keys.reservations(user!.id), fetchPage);
  const [announce, setAnnounce] = useState("");
  const { connected } = useLive();
  const { items } = list;

  // a reservation shown with another status than before: say so (the list changes without a click)
  const shownStatus = useRef(new Map<string, string>());
  useEffect(() => {
    if (!items) return;
    for (const r of items) {
      const was = shownStatus.current.get(r.id);
      if (was && was !== r.status) setAnnounce(`예약 상태가 '${statusLabel(r.status)}'(으)로 바뀌었습니다.`);
      shownStatus.current.set(r.id, r.status);
    }
  }, [items]);

  const more = async () => {
    const added = await list.more();
    if (added.length) setAnnounce(`예약 ${added.length}건을 더 불러왔습니다.`);
    focusItem(added[0]?.id);
  };

  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title" tabIndex={-1}>
        내 예약
      </h1>
      <p className="hint live-state">{connected ? "● 실시간으로 상태를 받고 있습니다" : "○ 실시간 연결 대기 중"}</p>
      <div className="sr-only" role="status" aria-live="polite">
        {announce}
      </div>
      <ErrorAlert error={list.error} />
      {!items && !list.error && <Spinner />}
      {items && items.length === 0 && (
        <p>
          아직 예약이 없습니다. <Link to="/">인쇄 예약하기</Link>
        </p>
      )}
      <ul className="reservation-list">
        {items?.map((r) => {
          const { startsAt } = slotTimes(r);
          return (
            <li key={r.id} className="card" data-testid="reservation-row" data-status={r.status}>
              <Link to={`/reservations/${encodeURIComponent(r.id)}`} className="row-link" data-item-id={r.id}>
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
      {list.next && (
        <button type="button" className="button secondary block" onClick={() => void more()} disabled={list.loadingMore}>
          {list.loadingMore ? "불러오는 중…" : "더 보기"}
        </button>
      )}
    </section>
  );
}
