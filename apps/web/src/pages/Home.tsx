import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { queries } from "../api/queries";
import { PriceTable } from "../components/PriceTable";
import { ErrorAlert, Spinner, Status } from "../components/ui";
import { formatTime, todayIn } from "../lib/format";

/** Step 1: store, date and pickup slot (with remaining capacity). Public: prices before sign-in. */
export function Home() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const storesQuery = useQuery(queries.stores());
  const stores = storesQuery.data ?? null;
  const [slotId, setSlotId] = useState<string>("");

  const storeId = params.get("storeId") ?? stores?.[0]?.id ?? "";
  const store = stores?.find((s) => s.id === storeId);
  const tz = store?.timeZone ?? "Asia/Seoul";
  const date = params.get("date") ?? todayIn(tz);

  // each store and day is its own query: an answer for another day never shows under this one
  const slotsQuery = useQuery({ ...queries.slots(storeId, date), enabled: !!storeId });
  const slots = slotsQuery.data ?? null;
  const error = storesQuery.error ?? slotsQuery.error;
  useEffect(() => setSlotId(""), [storeId, date]);

  const update = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    if (key === "storeId") next.delete("date");
    setParams(next, { replace: true });
  };

  const open = slots?.filter((s) => new Date(s.endsAt).getTime() > Date.now()) ?? [];

  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title" tabIndex={-1}>
        인쇄 예약
      </h1>
      <p className="lead">PDF를 올리고 매장과 찾을 시간을 고르면, 그 시간에 맞춰 인쇄해 둡니다.</p>
      <ErrorAlert error={error} />
      {!stores && !error && <Spinner label="매장을 불러오는 중" />}
      {stores && stores.length === 0 && <Status>아직 예약을 받는 매장이 없습니다.</Status>}
      {stores && stores.length > 0 && (
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault();
            if (slotId) navigate(`/order?storeId=${encodeURIComponent(storeId)}&slotId=${encodeURIComponent(slotId)}&date=${date}`);
          }}
        >
          <div className="field">
            <label htmlFor="store">매장</label>
            <select id="store" value={storeId} onChange={(e) => update("storeId", e.target.value)}>
              {stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            {store?.address && <p className="hint">{store.address}</p>}
          </div>
          <div className="field">
            <label htmlFor="date">찾을 날짜</label>
            <input
              id="date"
              type="date"
              value={date}
              min={todayIn(tz)}
              max={todayIn(tz, 13)}
              onChange={(e) => e.target.value && update("date", e.target.value)}
            />
          </div>
          <fieldset className="slots">
            <legend>찾을 시간</legend>
            {!slots && <Spinner label="시간대를 불러오는 중" />}
            {slots && open.length === 0 && <p>이 날은 예약할 수 있는 시간이 없습니다. 다른 날짜를 골라 주세요.</p>}
            <div className="slot-grid">
              {open.map((s) => {
                const full = s.remaining <= 0;
                return (
                  <label key={s.id} className={`slot${full ? " full" : ""}${slotId === s.id ? " selected" : ""}`}>
                    <input
                      type="radio"
                      name="slot"
                      value={s.id}
                      disabled={full}
                      checked={slotId === s.id}
                      onChange={() => setSlotId(s.id)}
                    />
                    <span className="slot-time">
                      {formatTime(s.startsAt, tz)}–{formatTime(s.endsAt, tz)}
                    </span>
                    <span className="slot-remaining">{full ? "마감" : `${s.remaining}쪽 남음`}</span>
                  </label>
                );
              })}
            </div>
          </fieldset>
          <button type="submit" className="button primary" disabled={!slotId}>
            이 시간으로 파일 올리기
          </button>
        </form>
      )}
      {store && (
        <section aria-labelledby="prices-title" className="card">
          <h2 id="prices-title">요금 안내</h2>
          <PriceTable store={store} />
          <p className="hint">양면 인쇄는 종이 한 장(앞뒤 두 쪽) 단위로 계산합니다. 결제 전에 최종 금액을 확인할 수 있습니다.</p>
        </section>
      )}
    </section>
  );
}
