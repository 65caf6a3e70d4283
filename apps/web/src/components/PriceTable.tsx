import type { Store } from "../api/types";
import { COLOR_LABEL, formatWon } from "../lib/format";

interface Row {
  colorMode: "MONO" | "COLOR";
  paperSize: "A4" | "A3";
  pricePerPage?: number;
  pricePerDuplexSheet?: number;
}

/** Reads the store's price table whatever its wrapping ({entries}, {priceTable:{entries}}, []). */
export function priceRows(store: Store | undefined | null): { rows: Row[]; minimumCharge?: number } {
  if (!store) return { rows: [] };
  const s = store as unknown as Record<string, unknown>;
  const table = (s.priceTable ?? s.prices ?? s.priceTables) as unknown;
  const t = Array.isArray(table) && table.length && !("colorMode" in (table[0] as object)) ? table[0] : table;
  const obj = (t && typeof t === "object" ? t : {}) as Record<string, unknown>;
  const entries = (Array.isArray(t) ? t : ((obj.entries ?? obj.prices) as unknown[])) ?? [];
  const rows = (entries as Record<string, unknown>[])
    .filter((e) => e && typeof e === "object" && "colorMode" in e)
    .map((e) => ({
      colorMode: e.colorMode as Row["colorMode"],
      paperSize: e.paperSize as Row["paperSize"],
      pricePerPage: (e.pricePerPage ?? e.unitPrice) as number | undefined,
      pricePerDuplexSheet: e.pricePerDuplexSheet as number | undefined,
    }));
  rows.sort((a, b) => a.paperSize.localeCompare(b.paperSize) || a.colorMode.localeCompare(b.colorMode) * -1);
  return { rows, minimumCharge: typeof obj.minimumCharge === "number" ? obj.minimumCharge : undefined };
}

export function PriceTable({ store }: { store: Store | undefined | null }) {
  const { rows, minimumCharge } = priceRows(store);
  if (!rows.length) return null;
  return (
    <div className="table-wrap">
      <table className="price-table">
        <caption>{store?.name} 인쇄 요금 (부가세 포함)</caption>
        <thead>
          <tr>
            <th scope="col">용지·색상</th>
            <th scope="col">단면 (쪽당)</th>
            <th scope="col">양면 (장당)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.paperSize}-${r.colorMode}`}>
              <th scope="row">
                {r.paperSize} {COLOR_LABEL[r.colorMode]}
              </th>
              <td>{r.pricePerPage !== undefined ? formatWon(r.pricePerPage) : "—"}</td>
              <td>{r.pricePerDuplexSheet !== undefined ? formatWon(r.pricePerDuplexSheet) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {minimumCharge ? <p className="hint">최소 결제 금액은 {formatWon(minimumCharge)}입니다.</p> : null}
    </div>
  );
}
