/**
 * "더 보기" lists: newest first, one page at a time (cursor/limit from the services). Live events
 * refresh only the first page and merge it over what is shown, so pages the user already opened
 * stay, nothing is listed twice, and the cursor of the deepest loaded page stays valid.
 */
import { useCallback, useRef, useState } from "react";
import type { Page } from "../api/types";
import { AnswerOrder } from "./answers";

interface WithId {
  id: string;
}

/** The fresh first page, then every item already shown that the first page does not contain. */
export function mergeFirstPage<T extends WithId>(shown: readonly T[], first: readonly T[]): T[] {
  const ids = new Set(first.map((x) => x.id));
  return [...first, ...shown.filter((x) => !ids.has(x.id))];
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
  /** (re)load the first page and merge it in */
  refresh(): Promise<void>;
  /** load the next page; resolves to the items it added */
  more(): Promise<T[]>;
  update(fn: (items: T[]) => T[]): void;
}

export function usePagedList<T extends WithId>(fetchPage: (cursor?: string) => Promise<Page<T>>): PagedList<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const itemsRef = useRef<T[] | null>(null);
  const nextRef = useRef<string | null>(null);
  const apply = (list: T[]) => {
    itemsRef.current = list;
    setItems(list);
  };

  // a refresh per live event: an older first page arriving last must not replace a newer one
  const refreshAnswers = useState(() => new AnswerOrder())[0];

  const refresh = useCallback(async () => {
    const ticket = refreshAnswers.begin();
    try {
      const page = await fetchPage();
      if (!ticket.apply()) return;
      const shown = itemsRef.current;
      apply(shown ? mergeFirstPage(shown, page.items) : page.items);
      // the deepest loaded page's cursor stays right after a merge; only the first load takes the new one
      if (!shown) {
        nextRef.current = page.next;
        setNext(page.next);
      }
      setError(null);
    } catch (e) {
      if (ticket.current()) setError(e);
    }
  }, [fetchPage, refreshAnswers]);

  const more = useCallback(async () => {
    const cursor = nextRef.current;
    if (!cursor) return [];
    setLoadingMore(true);
    try {
      const page = await fetchPage(cursor);
      const shown = itemsRef.current ?? [];
      const merged = appendPage(shown, page.items);
      apply(merged);
      nextRef.current = page.next;
      setNext(page.next);
      setError(null);
      return merged.slice(shown.length);
    } catch (e) {
      setError(e);
      return [];
    } finally {
      setLoadingMore(false);
    }
  }, [fetchPage]);

  const update = useCallback((fn: (items: T[]) => T[]) => {
    if (itemsRef.current) apply(fn(itemsRef.current));
  }, []);

  return { items, next, error, loadingMore, refresh, more, update };
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
