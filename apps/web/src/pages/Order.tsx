import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { newIdempotencyKey } from "../api/client";
import { quotes, reservations, uploads } from "../api/endpoints";
import { ApiError, errorMessage } from "../api/errors";
import { keys, queries, refetchNewest } from "../api/queries";
import type { ColorMode, ItemInput, PaperSize, Quote, Upload } from "../api/types";
import { MadeToOrderConsentStep } from "../components/MadeToOrderConsent";
import { ErrorAlert, Status } from "../components/ui";
import { COLOR_LABEL, formatBytes, formatDate, formatTime, formatWon } from "../lib/format";
import { createLimiter } from "../lib/limit";

interface Line {
  key: string;
  file: File;
  progress: number;
  upload?: Upload;
  error?: unknown;
  colorMode: ColorMode;
  duplex: boolean;
  paperSize: PaperSize;
  copies: number;
}

// the gateway's default MAX_UPLOAD_BYTES; the server still decides (FILE_TOO_LARGE / PAYLOAD_TOO_LARGE)
const MAX_BYTES = 30 * 1024 * 1024;

/** Live quote: priced by the server a moment after the last change, never computed here. */
const QUOTE_DEBOUNCE_MS = 250;

/** `value`, once it has stopped changing for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** two uploads at a time per page: the service checks a couple of PDFs per account at once */
const uploadSlots = createLimiter(2);
/** Step 2: upload PDFs (with progress and page counts), options, live quote, reserve. */
export function Order() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const storeId = params.get("storeId") ?? "";
  const slotId = params.get("slotId") ?? "";
  const date = params.get("date") ?? "";
  const client = useQueryClient();
  const storesQuery = useQuery({ ...queries.stores(), enabled: !!storeId });
  const store = storesQuery.data?.find((s) => s.id === storeId) ?? null;
  const slotsQuery = useQuery({ ...queries.slots(storeId, date), enabled: !!storeId && !!date });
  const slot = slotsQuery.data?.find((s) => s.id === slotId) ?? null;
  // the made-to-order notice is part of the published refund policy
  const policy = useQuery(queries.refundPolicy());
  const notice = policy.data?.madeToOrderNotice ?? null;
  const noticeError = policy.error ?? (policy.data && !notice ? new Error("no notice") : null);
  const [lines, setLines] = useState<Line[]>([]);
  const [announce, setAnnounce] = useState("");
  const [consent, setConsent] = useState(false);
  const [consentError, setConsentError] = useState("");
  const consentBox = useRef<HTMLInputElement>(null);
  const idemKey = useRef<{ key: string; body: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const patch = (key: string, p: Partial<Line>) => setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...p } : l)));

  const addFiles = (files: FileList | null) => {
    if (!files) return;
    for (const file of Array.from(files)) {
      const key = newIdempotencyKey();
      const line: Line = { key, file, progress: 0, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 };
      const isPdf = file.type === "application/pdf" || /\.pdf$/i.test(file.name);
      if (!isPdf) line.error = "PDF 파일만 올릴 수 있습니다.";
      else if (file.size > MAX_BYTES) line.error = `파일이 너무 큽니다. ${formatBytes(MAX_BYTES)} 이하로 올려 주세요.`;
      setLines((ls) => [...ls, line]);
      if (line.error) continue;
      uploadSlots(() => uploads.create(file, (f) => patch(key, { progress: f })))
        .then((upload) => {
          patch(key, { upload, progress: 1 });
          setAnnounce(`${upload.fileName} 올리기 완료, ${upload.pages}쪽`);
        })
        .catch((e) => {
          patch(key, { error: e });
          setAnnounce(`${file.name} 올리기 실패: ${errorMessage(e)}`);
        });
    }
    if (fileInput.current) fileInput.current.value = "";
  };

  const items: ItemInput[] = useMemo(
    () =>
      lines
        .filter((l) => l.upload && !l.error)
        .map((l) => ({
          uploadId: l.upload!.id,
          colorMode: l.colorMode,
          duplex: l.duplex,
          paperSize: l.paperSize,
          copies: l.copies,
        })),
    [lines],
  );
  const pendingUploads = lines.some((l) => !l.upload && !l.error);
  const body = JSON.stringify({ storeId, slotId, items, notice: notice?.version });

  // live quote: one query per order content, asked once the options have settled; the last
  // quote stays on screen (marked busy) while the next one is out
  const quoted = useSettled(items, QUOTE_DEBOUNCE_MS);
  const quoteQuery = useQuery({
    queryKey: ["quote", storeId, quoted],
    queryFn: ({ signal }) => quotes.create({ storeId, items: quoted }, signal),
    enabled: quoted.length > 0 && !!storeId,
    placeholderData: keepPreviousData,
  });
  const quote: Quote | null = items.length && quoted.length ? (quoteQuery.data ?? null) : null;
  const quoteError = items.length ? quoteQuery.error : null;
  const quoting = quoteQuery.isFetching;

  const reservation = useMutation({
    mutationFn: (input: { noticeVersion: string; key: string }) =>
      reservations.create(
        { storeId, slotId, items, madeToOrderConsent: { noticeVersion: input.noticeVersion, accepted: true } },
        input.key,
      ),
    onSuccess: (r) => {
      void client.invalidateQueries({ queryKey: ["user"] });
      navigate(`/reservations/${encodeURIComponent(r.id)}`);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === "CONSENT_NOTICE_CHANGED") {
        // the customer must read the notice now in force and agree again
        setConsent(false);
        void refetchNewest(client, keys.refundPolicy());
      }
    },
  });
  const submitting = reservation.isPending || reservation.isSuccess;
  const error = reservation.error ?? storesQuery.error;

  const reserve = () => {
    // 전자상거래법 §17②6: the made-to-order exception needs this explicit consent before payment
    if (!notice || !consent) {
      setConsentError(
        notice
          ? "주문 제작 안내를 읽고 동의해 주세요. 동의해야 예약하고 결제할 수 있습니다."
          : "주문 제작 안내를 불러온 뒤 예약할 수 있습니다.",
      );
      consentBox.current?.focus();
      return;
    }
    // one key per order content: a double tap or a retry after a lost response makes one reservation
    if (!idemKey.current || idemKey.current.body !== body) idemKey.current = { key: newIdempotencyKey(), body };
    reservation.mutate({ noticeVersion: notice.version, key: idemKey.current.key });
  };

  if (!storeId || !slotId) {
    return (
      <section>
        <h1 tabIndex={-1}>파일 올리기</h1>
        <p>
          먼저 <Link to="/">매장과 시간</Link>을 골라 주세요.
        </p>
      </section>
    );
  }

  const tz = store?.timeZone;
  const lineTotal = (q: Quote) => q.lines;

  return (
    <section aria-labelledby="order-title">
      <h1 id="order-title" tabIndex={-1}>
        파일과 인쇄 옵션
      </h1>
      <p className="summary">
        <strong>{store?.name ?? "매장"}</strong>
        {slot && (
          <>
            {" · "}
            {formatDate(slot.startsAt, tz)} {formatTime(slot.startsAt, tz)}–{formatTime(slot.endsAt, tz)} 수령
          </>
        )}{" "}
        <Link to={`/?storeId=${encodeURIComponent(storeId)}&date=${date}`}>시간 바꾸기</Link>
      </p>

      <div className="card">
        <div className="field">
          <label htmlFor="files">PDF 파일</label>
          <input
            ref={fileInput}
            id="files"
            type="file"
            accept="application/pdf,.pdf"
            multiple
            aria-describedby="files-hint"
            onChange={(e) => addFiles(e.target.files)}
          />
          <p id="files-hint" className="hint">
            PDF만 올릴 수 있습니다 (파일당 {formatBytes(MAX_BYTES)}까지). 여러 파일을 한 번에 골라도 됩니다.
          </p>
        </div>
        <div className="sr-only" role="status" aria-live="polite">
          {announce}
        </div>
      </div>

      <ul className="file-list" aria-label="올린 파일">
        {lines.map((l, i) => (
          <li key={l.key} className="card file-line">
            <div className="file-head">
              <strong className="file-name">{l.file.name}</strong>
              <span className="hint">{formatBytes(l.file.size)}</span>
              <button
                type="button"
                className="link-button"
                aria-label={`${l.file.name} 빼기`}
                onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))}
              >
                빼기
              </button>
            </div>
            {!l.upload && !l.error && (
              <div className="progress" data-testid="upload-progress">
                <label htmlFor={`p-${l.key}`}>
                  {l.progress >= 1 ? "올리기 완료 100% · 쪽수를 확인하는 중…" : `올리는 중 ${Math.round(l.progress * 100)}%`}
                </label>
                <progress id={`p-${l.key}`} max={100} value={Math.round(l.progress * 100)} />
              </div>
            )}
            {l.error ? <ErrorAlert error={l.error} /> : null}
            {l.upload && (
              <>
                <p className="pages" data-testid="page-count">
                  {l.upload.pages}쪽
                </p>
                <fieldset className="options">
                  <legend className="sr-only">{`${i + 1}번째 파일 인쇄 옵션`}</legend>
                  <div className="segmented" role="radiogroup" aria-label="색상">
                    {(["MONO", "COLOR"] as const).map((c) => (
                      <label key={c}>
                        <input
                          type="radio"
                          name={`color-${l.key}`}
                          checked={l.colorMode === c}
                          onChange={() => patch(l.key, { colorMode: c })}
                        />
                        {COLOR_LABEL[c]}
                      </label>
                    ))}
                  </div>
                  <div className="segmented" role="radiogroup" aria-label="용지 크기">
                    {(["A4", "A3"] as const).map((p) => (
                      <label key={p}>
                        <input
                          type="radio"
                          name={`paper-${l.key}`}
                          checked={l.paperSize === p}
                          onChange={() => patch(l.key, { paperSize: p })}
                        />
                        {p}
                      </label>
                    ))}
                  </div>
                  <label className="checkbox">
                    <input type="checkbox" checked={l.duplex} onChange={(e) => patch(l.key, { duplex: e.target.checked })} />
                    양면 인쇄
                  </label>
                  <div className="field inline">
                    <label htmlFor={`copies-${l.key}`}>부수</label>
                    <input
                      id={`copies-${l.key}`}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={100}
                      value={l.copies}
                      onChange={(e) => {
                        const n = Math.max(1, Math.min(100, Math.floor(Number(e.target.value) || 1)));
                        patch(l.key, { copies: n });
                      }}
                    />
                  </div>
                </fieldset>
              </>
            )}
          </li>
        ))}
      </ul>

      <section className="card quote" aria-labelledby="quote-title">
        <h2 id="quote-title">결제 금액</h2>
        <div aria-live="polite" aria-busy={quoting} data-testid="quote">
          {!quote && !quoteError && <p className="hint">파일을 올리면 금액이 바로 계산됩니다.</p>}
          {quote && (
            <>
              <ul className="quote-lines">
                {lineTotal(quote).map((ln, i) => (
                  <li key={i}>
                    <span>
                      {ln.fileName ?? `파일 ${i + 1}`} · {ln.paperSize} {ln.colorMode ? COLOR_LABEL[ln.colorMode] : ""}
                      {ln.duplex ? " 양면" : " 단면"} · {ln.copies}부
                    </span>
                    <span>{formatWon(ln.amount)}</span>
                  </li>
                ))}
                {typeof quote.minimumChargeTopUp === "number" && quote.minimumChargeTopUp > 0 && (
                  <li>
                    <span>최소 결제 금액 보정</span>
                    <span>{formatWon(quote.minimumChargeTopUp as number)}</span>
                  </li>
                )}
              </ul>
              <p className="total">
                합계 <strong data-testid="quote-total">{formatWon(quote.totalAmount)}</strong>
              </p>
            </>
          )}
        </div>
        <ErrorAlert error={quoteError} />
      </section>

      <MadeToOrderConsentStep
        notice={notice}
        noticeError={noticeError}
        checked={consent}
        error={consentError}
        inputRef={consentBox}
        onChange={(v) => {
          setConsent(v);
          if (v) setConsentError("");
        }}
      />

      <ErrorAlert error={error} />
      <button
        type="button"
        className="button primary block"
        disabled={!items.length || pendingUploads || !quote || submitting}
        onClick={reserve}
      >
        {submitting ? "예약하는 중…" : quote ? `${formatWon(quote.totalAmount)} 예약하기` : "예약하기"}
      </button>
      <p className="hint">예약 후 제한 시간 안에 결제해야 확정됩니다. 결제하지 않으면 예약은 자동으로 취소됩니다.</p>
      {pendingUploads && <Status>파일을 올리는 중입니다. 완료되면 예약할 수 있습니다.</Status>}
    </section>
  );
}
