import { useEffect, useState } from "react";
import { refundPolicy } from "../api/endpoints";
import type { RefundPolicy, RefundTier } from "../api/types";

function minutesBefore(t: RefundTier): number {
  return Number(t.minMinutesBefore ?? (t.minHoursBefore ?? t.hoursBefore ?? 0) * 60);
}

function describe(t: RefundTier): string {
  // the published label reads "조건: 결과"; the table shows the condition and the percent apart
  if (typeof t.label === "string" && t.label) return t.label.split(":")[0]!.trim();
  const m = minutesBefore(t);
  if (m <= 0) return "인쇄 시작 전, 픽업 시간 직전까지";
  return m % 60 === 0 ? `인쇄 시작 전, 픽업 시간 ${m / 60}시간 전까지` : `인쇄 시작 전, 픽업 시간 ${m}분 전까지`;
}

/** The published refund policy (GET /api/refund-policy) as a table: the tiers, then printing and ready. */
export function RefundTiers({ caption = "취소 시점별 환불 비율" }: { caption?: string }) {
  const [policy, setPolicy] = useState<RefundPolicy | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    refundPolicy.get().then(setPolicy, () => setFailed(true));
  }, []);
  if (failed) return <p>환불 비율표를 지금 불러올 수 없습니다. 잠시 후 다시 확인하시거나 고객센터로 문의해 주세요.</p>;
  if (!policy) return <p className="loading">환불 비율표를 불러오는 중…</p>;
  const rows: [string, number][] = [...(policy.tiers ?? [])]
    .sort((a, b) => minutesBefore(b) - minutesBefore(a))
    .map((t) => [describe(t), Number(t.percent ?? t.refundPercent ?? 0)]);
  if (typeof policy.printingPercent === "number") rows.push(["인쇄가 시작된 뒤", policy.printingPercent]);
  if (typeof policy.readyPercent === "number") rows.push(["인쇄 완료(수령 대기) 이후", policy.readyPercent]);
  return (
    <div className="table-wrap">
      <table className="refund-table" data-testid="refund-tiers">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">취소 시점</th>
            <th scope="col">환불 비율</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([when, pct], i) => (
            <tr key={i}>
              <th scope="row">{when}</th>
              <td>{pct === 0 ? "환불 불가 (0%)" : pct === 100 ? "전액 (100%)" : `${pct}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {policy.summary && policy.summary.length > rows.length && (
        <ul className="hint">
          {policy.summary.slice(rows.length).map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
