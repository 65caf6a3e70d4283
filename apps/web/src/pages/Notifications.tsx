import { useMutation, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { notifications } from "../api/endpoints";
import { keys } from "../api/queries";
import type { Notification, Page } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { ErrorAlert, Spinner } from "../components/ui";
import { formatDateTime } from "../lib/format";
import { focusItem, usePagedQuery } from "../lib/paged";
import { useLive } from "../live/LiveContext";

const fetchPage = (cursor?: string) => notifications.page(cursor);
const isRead = (n: Notification) => !!n.readAt;

export function Notifications() {
  const { user } = useAuth();
  const client = useQueryClient();
  const listKey = keys.notifications(user!.id);
  // live events refetch this list (src/live/cache.ts)
  const list = usePagedQuery<Notification>(listKey, fetchPage);
  const { items } = list;
  const [announce, setAnnounce] = useState("");
  const { unread, refreshUnread } = useLive();

  /** marks the shown notifications `which` read, without a reload */
  const showRead = (which: (n: Notification) => boolean) => {
    const now = new Date().toISOString();
    client.setQueryData<InfiniteData<Page<Notification>>>(
      listKey,
      (data) =>
        data && {
          ...data,
          pages: data.pages.map((p) => ({
            ...p,
            items: p.items.map((x) => (which(x) && !isRead(x) ? { ...x, readAt: now, read: true } : x)),
          })),
        },
    );
    refreshUnread();
  };

  const markRead = useMutation({
    mutationFn: (n: Notification) => notifications.markRead(n.id),
    onSuccess: (_, n) => showRead((x) => x.id === n.id),
  });
  const markAll = useMutation({
    mutationFn: notifications.markAllRead,
    onSuccess: (marked) => {
      showRead(() => true);
      setAnnounce(marked > 0 ? `알림 ${marked}개를 모두 읽음으로 표시했습니다.` : "읽지 않은 알림이 없습니다.");
    },
  });
  const error = markAll.error ?? markRead.error;

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
        <button type="button" className="button secondary" onClick={() => markAll.mutate()} disabled={markAll.isPending || unread === 0}>
          {markAll.isPending ? "표시하는 중…" : "모두 읽음으로 표시"}
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
          const reservationId = typeof data.reservationId === "string" ? data.reservationId : undefined;
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
              <p>{n.body}</p>
              <p className="hint">{formatDateTime(n.createdAt)}</p>
              <div className="actions">
                {reservationId && <Link to={`/reservations/${encodeURIComponent(reservationId)}`}>예약 보기</Link>}
                {!read && (
                  <button type="button" className="link-button" onClick={() => markRead.mutate(n)}>
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
