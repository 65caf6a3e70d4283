import type { ReservationStatus } from "../api/types";

export const SEOUL = "Asia/Seoul";

const won = new Intl.NumberFormat("ko-KR");

/** 12,300원 — money is always integer won. */
export function formatWon(amount: number | null | undefined): string {
  return `${won.format(Math.round(amount ?? 0))}원`;
}

export function formatTime(iso: string | undefined | null, timeZone = SEOUL): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat("ko-KR", { timeZone, hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso));
}

export function formatDateTime(iso: string | undefined | null, timeZone = SEOUL): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat("ko-KR", {
    timeZone,
    month: "long",
    day: "numeric",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

export function formatDate(iso: string | undefined | null, timeZone = SEOUL): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat("ko-KR", { timeZone, year: "numeric", month: "long", day: "numeric", weekday: "short" }).format(
    new Date(iso),
  );
}

/** Today's date (YYYY-MM-DD) in the store's time zone. */
export function todayIn(timeZone = SEOUL, offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  return parts; // en-CA formats as YYYY-MM-DD
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export const STATUS_LABEL: Record<ReservationStatus, string> = {
  PENDING_PAYMENT: "결제 대기",
  CONFIRMED: "예약 확정",
  PRINTING: "인쇄 중",
  READY: "수령 가능",
  PICKED_UP: "수령 완료",
  EXPIRED: "기간 만료",
  CANCELLED: "취소됨",
  CANCEL_REQUESTED: "환불 진행 중",
  REFUNDED: "환불 완료",
};

export function statusLabel(status: string): string {
  return STATUS_LABEL[status as ReservationStatus] ?? "확인 중";
}

export const COLOR_LABEL = { MONO: "흑백", COLOR: "컬러" } as const;

/** mm:ss left until `iso`, or null once passed. */
export function remaining(iso: string, now = Date.now()): { ms: number; text: string } | null {
  const ms = new Date(iso).getTime() - now;
  if (!(ms > 0)) return null;
  const total = Math.ceil(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return { ms, text: `${m}분 ${String(s).padStart(2, "0")}초` };
}
