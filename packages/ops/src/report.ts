import type { CheckResult, Finding } from "./model";

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c + " ".repeat(widths[i] - [...c].length))
      .join("  ")
      .trimEnd();
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

const subject = (f: Finding) =>
  [
    f.reservationId && `rsv ${f.reservationId}`,
    f.paymentId && `pay ${f.paymentId}`,
    f.slotId && `slot ${f.slotId}`,
    f.refundId && `refund ${f.refundId}`,
  ]
    .filter(Boolean)
    .join(" ");

/** The human report: a summary line, then one table row per finding (failures first). */
export function formatReport(r: CheckResult): string {
  const c = r.counts;
  const out = [
    `money check at ${r.checkedAt}: ${c.reservations} reservations, ${c.payments} payments, ${c.refunds} refunds, ` +
      `${c.slots} slots in use, ${c.portonePayments} PortOne payments${c.notifications === null ? "" : `, ${c.notifications} notifications`}`,
  ];
  if (r.findings.length === 0) {
    out.push("OK: no findings.");
    return out.join("\n");
  }
  const sorted = [...r.findings].sort((a, b) => Number(a.inFlight) - Number(b.inFlight) || a.code.localeCompare(b.code));
  out.push(
    table([["state", "code", "subject", "what"], ...sorted.map((f) => [f.inFlight ? "in-flight" : "FAIL", f.code, subject(f), f.message])]),
  );
  const inFlight = r.findings.length - r.failures;
  out.push(
    `${r.failures} finding(s)` +
      (inFlight ? `; ${inFlight} more on rows changed in the last ${Math.round(r.graceMs / 1000)} s (in flight: run again later)` : "") +
      ".",
  );
  return out.join("\n");
}
