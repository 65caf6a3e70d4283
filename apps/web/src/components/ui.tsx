import { useEffect, useId, useState, type InputHTMLAttributes, type ReactNode } from "react";
import { errorMessage } from "../api/errors";
import { remaining, statusLabel } from "../lib/format";

/** A polite live region: screen readers announce changes without moving focus. */
export function Status({ children, tone = "info" }: { children: ReactNode; tone?: "info" | "success" }) {
  return (
    <div role="status" aria-live="polite" className={`notice notice-${tone}`}>
      {children}
    </div>
  );
}

/** An error as a Korean sentence, announced assertively. Renders nothing without an error. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div role="alert" className="notice notice-error">
      {typeof error === "string" ? error : errorMessage(error)}
    </div>
  );
}

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  hint?: string;
  error?: string | null;
}

/** A labelled input with its hint and error wired through aria-describedby. */
export function Field({ label, hint, error, id, ...input }: FieldProps) {
  const auto = useId();
  const inputId = id ?? auto;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errId = error ? `${inputId}-err` : undefined;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errId].filter(Boolean).join(" ") || undefined}
        {...input}
      />
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status.toLowerCase()}`}>{statusLabel(status)}</span>;
}

/** Time left until `expiresAt`, ticking every second; calls onExpire once it passes. */
export function Countdown({ expiresAt, onExpire }: { expiresAt: string; onExpire?: () => void }) {
  const [now, setNow] = useState(Date.now());
  const left = remaining(expiresAt, now);
  useEffect(() => {
    if (!left) {
      onExpire?.();
      return;
    }
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [left === null]);
  if (!left) return <p className="countdown expired">결제 시간이 지났습니다.</p>;
  // the visible clock ticks every second; the live region only announces whole minutes
  const minutes = Math.ceil(left.ms / 60_000);
  return (
    <p className="countdown">
      <span aria-hidden="true">
        결제 마감까지 <strong data-testid="countdown">{left.text}</strong>
      </span>
      <span className="sr-only" role="timer" aria-live="polite" aria-atomic="true">
        결제 마감까지 약 {minutes}분 남았습니다.
      </span>
    </p>
  );
}

export function Spinner({ label = "불러오는 중" }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {label}…
    </p>
  );
}
