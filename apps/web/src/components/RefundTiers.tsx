import { useQuery } from "@tanstack/react-query";
import { queries } from "../api/queries";

function percentCell(pct: number): string {
  return pct === 0 ? "환불 불가 (0%)" : pct === 100 ? "전액 (100%)" : `${pct}%`;
}

/**
 * The published refund policy (GET /api/refund-policy) as a table. Deductions exist only once
 * printing started and only for reservations that accepted the made-to-order notice
 * (전자상거래법 §17②6); every other cancellation before pickup is a withdrawal, refunded in full.
 */
export function RefundTiers({ caption = "취소 시점별 환불 비율" }: { caption?: string }) {
  const { data: policy, isError: failed } = useQuery(queries.refundPolicy());
  if (failed && !policy) return <p>환불 비율표를 지금 불러올 수 없습니다. 잠시 후 다시 확인하시거나 고객센터로 문의해 주세요.</p>;
  if (!policy) return <p className="loading">환불 비율표를 불러오는 중…</p>;
  const rows: [string, number, number][] = [
    ["인쇄 시작 전", 100, 100],
    ["인쇄가 시작된 뒤", Number(policy.printingPercent ?? 100), 100],
    ["인쇄 완료(수령 대기) 이후", Number(policy.readyPercent ?? 100), 100],
  ];
  return (
    <div className="table-wrap">
      <table className="refund-table" data-testid="refund-tiers">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">취소 시점</th>
            <th scope="col">주문 제작 안내에 동의한 예약</th>
            <th scope="col">동의하지 않은 예약</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([when, agreed, notAgreed]) => (
            <tr key={when}>
              <th scope="row">{when}</th>
              <td>{percentCell(agreed)}</td>
              <td>{percentCell(notAgreed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {policy.summary && policy.summary.length > 0 && (
        <ul className="hint" data-testid="refund-summary">
          {policy.summary.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
