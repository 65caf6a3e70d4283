import { DEFAULT_RULES, type PrintMode, type StorePrintRules } from "../domain/print-mode";
import type { Tx } from "./client";

/** The store's print rules; a store without a row has the defaults. */
export async function storeRules(tx: Tx, storeId: string): Promise<StorePrintRules> {
  const row = await tx.storeSettings.findUnique({ where: { storeId } });
  if (!row) return DEFAULT_RULES;
  return {
    printMode: row.printMode as PrintMode,
    printAheadMinutes: row.printAheadMinutes,
    retryLimit: row.retryLimit,
    retentionHours: row.retentionHours,
  };
}

export async function saveStoreRules(tx: Tx, storeId: string, rules: Partial<StorePrintRules>): Promise<void> {
  await tx.storeSettings.upsert({ where: { storeId }, create: { storeId, ...rules }, update: rules });
}
