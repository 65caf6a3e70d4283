export type ColorMode = "MONO" | "COLOR";
export type PaperSize = "A4" | "A3";

export interface PriceEntry {
  colorMode: ColorMode;
  paperSize: PaperSize;
  /** won per printed page, single-sided */
  pricePerPage: number;
  /** won per duplex sheet (two printed sides) */
  pricePerDuplexSheet: number;
}

export interface PriceTable {
  id: string;
  effectiveFrom: Date;
  duplexRule: "PER_SHEET";
  minimumCharge: number;
  entries: PriceEntry[];
}

export interface QuoteItemInput {
  uploadId: string;
  fileName: string;
  pages: number;
  colorMode: ColorMode;
  paperSize: PaperSize;
  duplex: boolean;
  copies: number;
}

export interface PricedLine extends QuoteItemInput {
  /** per copy: sheets when duplex (ceil(pages / 2)), printed pages otherwise */
  billableUnits: number;
  unit: "SHEET" | "PAGE";
  unitPrice: number;
  amount: number;
  /** printed pages (impressions) this line puts on the store's printers */
  printedPages: number;
}

export interface Quote {
  priceTableId: string;
  lines: PricedLine[];
  subtotal: number;
  /** added so the total reaches the table's minimum charge */
  minimumChargeTopUp: number;
  totalAmount: number;
  currency: "KRW";
  /** slot capacity this order takes */
  printedPages: number;
}

export class PriceMissingError extends Error {
  override readonly name = "PriceMissingError";
  constructor(
    readonly colorMode: ColorMode,
    readonly paperSize: PaperSize,
  ) {
    super(`no price for ${colorMode} ${paperSize}`);
  }
}

/** The table in force at `at`: the latest one whose effectiveFrom is not after `at`. */
export function tableInForce<T extends { effectiveFrom: Date }>(tables: T[], at: Date): T | undefined {
  return tables
    .filter((t) => t.effectiveFrom.getTime() <= at.getTime())
    .sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime())[0];
}

/**
 * Prices an order. Integer won throughout: every factor is an integer, so no rounding happens.
 * Duplex is counted in sheets: a 5-page document printed duplex is 3 sheets per copy.
 */
export function priceOrder(table: PriceTable, items: QuoteItemInput[]): Quote {
  const lines = items.map((item): PricedLine => {
    const entry = table.entries.find((e) => e.colorMode === item.colorMode && e.paperSize === item.paperSize);
    if (!entry) throw new PriceMissingError(item.colorMode, item.paperSize);
    const billableUnits = item.duplex ? Math.ceil(item.pages / 2) : item.pages;
    const unitPrice = item.duplex ? entry.pricePerDuplexSheet : entry.pricePerPage;
    return {
      ...item,
      billableUnits,
      unit: item.duplex ? "SHEET" : "PAGE",
      unitPrice,
      amount: billableUnits * unitPrice * item.copies,
      printedPages: item.pages * item.copies,
    };
  });
  const subtotal = lines.reduce((s, l) => s + l.amount, 0);
  const minimumChargeTopUp = Math.max(0, table.minimumCharge - subtotal);
  return {
    priceTableId: table.id,
    lines,
    subtotal,
    minimumChargeTopUp,
    totalAmount: subtotal + minimumChargeTopUp,
    currency: "KRW",
    printedPages: lines.reduce((s, l) => s + l.printedPages, 0),
  };
}
