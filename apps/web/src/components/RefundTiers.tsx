import { useEffect, useState } from "react";
import { refundPolicy } from "../api/endpoints";
import type { RefundPolicy, RefundTier } from "../api/types";

export function tierPercent(t: RefundTier): number {
  return Number(t.refundPercent ?? t.percent ?? 0);
}

export function tierHours(t: RefundTier): number {
  return Number(t.minHoursBefore ?? t.hoursBefore ?? 0);
}

function describe(t: RefundTier, next: RefundTier | undefined): string {
  if (typeof t.label === "string" && t.label) return t.label;
  const h = tierHours(t);
  const fmt = (hours: number) => (hours % 24 === 0 && hours >= 24 ? `${hours / 24}일` : `${hours}시간`);
  if (h <= 0 && next) return `찾는 시간 ${fmt(tierHours(next))} 전 이후 ~ 찾는 시간 이후`;
  if (h <= 0) return "찾는 시간까지";
  return `찾는 시간 ${fmt(h)} 전까지`;
}

/** The published refund policy as a table; the tiers come from the reservation service. */
export function RefundTiers({ caption = "취소 시점별 환불 비율" }: { caption?: string }) {
  const [policy, setPolicy] = useState<RefundPolicy | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    refundPolicy.get().then(setPolicy, () => setFailed(true));
  }, []);
  if (failed)
    return <p>환불 비율표를 지금 불러올 수 없습니다. 잠시 후 다시 확인하시거나 고객센터로 문의해 주세요.</p>;
  if (!policy) return <p className="loading">환불 비율표를 불러오는 중…</p>;
  const tiers = [...(policy.tiers ?? [])].sort((a, b) => tierHours(b) - tierHours(a));
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
          {tiers.map((t, i) => (
            <tr key={i}>
              <th scope="row">{describe(t, tiers[i + 1])}</th>
              <td>{tierPercent(t)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
      {policy.note && <p className="hint">{policy.note}</p>}
    </div>
  );
}
