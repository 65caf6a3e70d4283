import { useEffect, useState } from "react";
import { Link } from "react-router";
import { notifications } from "../api/endpoints";
import type { Notification } from "../api/types";
import { ErrorAlert, Spinner } from "../components/ui";
import { useLive, useLiveEvents } from "../live/LiveContext";
import { formatDateTime } from "../lib/format";
import { focusItem, usePagedList } from "../lib/paged";

const fetchPage = (cursor?: string) => notifications.page(cursor);
const isRead = (n: Notification) => !!n.readAt || n.read === true;

export function Notifications() {
  const list = usePagedList<Notification>(fetchPage);
  const { refresh, update, items } = list;
  const [error, setError] = useState<unknown>(null);
  const [announce, setAnnounce] = useState("");
  const [markingAll, setMarkingAll] = useState(false);
  const { unread, refreshUnread } = useLive();

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useLiveEvents(() => void refresh());

  const markRead = async (n: Notification) => {
    try {
      await notifications.markRead(n.id);
      update((l) => l.map((x) => (x.id === n.id ? { ...x, readAt: new Date().toISOString(), read: true } : x)));
      refreshUnread();
    } catch (e) {
      setError(e);
    }
  };

  const markAll = async () => {
    setMarkingAll(true);
    setError(null);
    try {
      const marked = await notifications.markAllRead();
      const now = new Date().toISOString();
      update((l) => l.map((x) => (isRead(x) ? x : { ...x, readAt: now, read: true })));
      refreshUnread();
      setAnnounce(marked > 0 ? `알림 ${marked}개를 모두 읽음으로 표시했습니다.` : "읽지 않은 알림이 없습니다.");
    } catch (e) {
      setError(e);
    } finally {
      setMarkingAll(false);
    }
  };

  const more = async () => {
    const added = await list.more();
    if (added.length) setAnnounce(`알림 ${added.length}개를 더 불러왔습니다.`);
    focusItem(added[0]?.id);
  };

  return (
    <section aria-labelledby="ntf-title">
      <h1 id="ntf-title" tabIndex={-1}>
        알림
      </h1>
      <div className="toolbar">
        <p role="status" aria-live="polite" data-testid="unread-count" className="grow">
          읽지 않은 알림 {unread}개
        </p>
        <button type="button" className="button secondary" onClick={() => void markAll()} disabled={markingAll || unread === 0}>
          {markingAll ? "표시하는 중…" : "모두 읽음으로 표시"}
        </button>
      </div>
      <p className="hint">
        <Link to="/notifications/settings">이메일 알림 설정</Link>
      </p>
      <div className="sr-only" role="status" aria-live="polite">
        {announce}
      </div>
      <ErrorAlert error={error ?? list.error} />
      {!items && !list.error && <Spinner />}
      {items && items.length === 0 && <p>받은 알림이 없습니다.</p>}
      <ul className="notification-list">
        {items?.map((n) => {
          const read = isRead(n);
          const data = (n.data && typeof n.data === "object" ? n.data : {}) as Record<string, unknown>;
          const reservationId = n.reservationId ?? (typeof data.reservationId === "string" ? data.reservationId : undefined);
          return (
            <li
              key={n.id}
              className={`card${read ? " read" : " unread"}`}
              data-testid="notification"
              data-read={read ? "true" : "false"}
              data-item-id={n.id}
              tabIndex={-1}
            >
              <p className="ntf-title">
                {!read && <span className="sr-only">읽지 않음: </span>}
                <strong>{n.title ?? "알림"}</strong>
              </p>
              <p>{n.body ?? n.message}</p>
              <p className="hint">{formatDateTime(n.createdAt)}</p>
              <div className="actions">
                {reservationId && <Link to={`/reservations/${encodeURIComponent(reservationId)}`}>예약 보기</Link>}
                {!read && (
                  <button type="button" className="link-button" onClick={() => void markRead(n)}>
                    읽음 표시
                  </button>
                )}
              </div>
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
