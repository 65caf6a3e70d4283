import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { notifications } from "../api/endpoints";
import type { Notification } from "../api/types";
import { ErrorAlert, Spinner } from "../components/ui";
import { useLive, useLiveEvents } from "../live/LiveContext";
import { formatDateTime } from "../lib/format";

export function Notifications() {
  const [list, setList] = useState<Notification[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { unread, refreshUnread } = useLive();
  const load = useCallback(() => {
    notifications.list().then(setList, setError);
  }, []);
  useEffect(load, [load]);
  useLiveEvents(() => load());

  const markRead = async (n: Notification) => {
    try {
      await notifications.markRead(n.id);
      setList((l) => l?.map((x) => (x.id === n.id ? { ...x, readAt: new Date().toISOString(), read: true } : x)) ?? null);
      refreshUnread();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section aria-labelledby="ntf-title">
      <h1 id="ntf-title" tabIndex={-1}>
        알림
      </h1>
      <p role="status" aria-live="polite" data-testid="unread-count">
        읽지 않은 알림 {unread}개
      </p>
      <ErrorAlert error={error} />
      {!list && !error && <Spinner />}
      {list && list.length === 0 && <p>받은 알림이 없습니다.</p>}
      <ul className="notification-list">
        {list?.map((n) => {
          const isRead = !!n.readAt || n.read === true;
          const data = (n.data && typeof n.data === "object" ? n.data : {}) as Record<string, unknown>;
          const reservationId = n.reservationId ?? (typeof data.reservationId === "string" ? data.reservationId : undefined);
          return (
            <li key={n.id} className={`card${isRead ? " read" : " unread"}`}>
              <p className="ntf-title">
                {!isRead && <span className="sr-only">읽지 않음: </span>}
                <strong>{n.title ?? "알림"}</strong>
              </p>
              <p>{n.body ?? n.message}</p>
              <p className="hint">{formatDateTime(n.createdAt)}</p>
              <div className="actions">
                {reservationId && <Link to={`/reservations/${encodeURIComponent(reservationId)}`}>예약 보기</Link>}
                {!isRead && (
                  <button type="button" className="link-button" onClick={() => void markRead(n)}>
                    읽음 표시
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
