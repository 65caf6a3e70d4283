/**
 * "더 보기" lists: newest first, one page at a time (cursor/limit from the services), as one
 * infinite query. A live event refetches every page already shown, each from the cursor the page
 * before it now gives, so a change on an older page shows too and nothing is listed twice (an
 * item that new ones push past the last page shown comes with the next "더 보기").
 */
import { useInfiniteQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useCallback } from "react";
import { whenIdle } from "../api/queries";
import type { Page } from "../api/types";

interface WithId {
  id: string;
}

/** Appends an older page, skipping items already shown (a refresh may have pulled some in). */
export function appendPage<T extends WithId>(shown: readonly T[], page: readonly T[]): T[] {
  const ids = new Set(shown.map((x) => x.id));
  return [...shown, ...page.filter((x) => !ids.has(x.id))];
}

export interface PagedList<T> {
  items: T[] | null;
  /** cursor of the next (older) page; null when everything is shown */
  next: string | null;
  error: unknown;
  loadingMore: boolean;
  /** load the next page; resolves to the items it added */
  more(): Promise<T[]>;
}

export function usePagedQuery<T extends WithId>(queryKey: QueryKey, fetchPage: (cursor?: string) => Promise<Page<T>>): PagedList<T> {
  const client = useQueryClient();
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const pages = query.data?.pages;
  const items = pages ? pages.reduce<T[]>((shown, p) => appendPage(shown, p.items), []) : null;
  const { fetchNextPage } = query;

  const more = useCallback(async () => {
    // a live refetch is out: take the next page from the cursors it brings
    await whenIdle(client, queryKey);
    const before = client.getQueryData<{ pages: Page<T>[] }>(queryKey)?.pages ?? [];
    const shown = before.reduce<T[]>((acc, p) => appendPage(acc, p.items), []);
    const after = (await fetchNextPage()).data?.pages ?? before;
    return after.reduce<T[]>((acc, p) => appendPage(acc, p.items), shown).slice(shown.length);
  }, [client, queryKey, fetchNextPage]);

  return {
    items,
    next: pages?.at(-1)?.next ?? null,
    error: query.error,
    loadingMore: query.isFetchingNextPage,
    more,
  };
}

/**
 * Moves focus to the first newly shown item (the "더 보기" button may have just disappeared). The
 * state update that renders the item may not be committed by the next frame (React schedules its
 * render on its own; a busy phone is slow), so this looks again on later frames, for about a
 * second, instead of silently dropping the focus.
 */
export function focusItem(id: string | undefined, framesLeft = 60): void {
  if (!id) return;
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>(`[data-item-id="${CSS.escape(id)}"]`);
    if (el) el.focus();
    else if (framesLeft > 1) focusItem(id, framesLeft - 1);
  });
}
