import { AppError, notFound } from "@preprint/service-kit";
import type { z } from "zod";
import { PriceMissingError, priceOrder, type Quote } from "../domain/pricing";
import type { orderItem } from "../http/schemas";
import type { PrismaClient } from "./client";
import { priceTableAt, storeInclude, type LoadedStore } from "./stores";

export type OrderItemInput = z.infer<typeof orderItem>;

/**
 * Prices an order on the server: pages come from our record of each upload (owned by the
 * customer, not yet deleted), prices from the store's table in force now.
 */
export async function priceFor(
  prisma: PrismaClient,
  customerId: string,
  storeId: string,
  items: OrderItemInput[],
  now: Date,
): Promise<{ store: LoadedStore; quote: Quote }> {
  const store = await prisma.store.findUnique({ where: { id: storeId }, include: storeInclude });
  if (!store) throw notFound("Store", "STORE_NOT_FOUND");
  const ids = [...new Set(items.map((i) => i.uploadId))];
  const uploads = await prisma.upload.findMany({ where: { id: { in: ids }, ownerId: customerId, deletedAt: null } });
  const byId = new Map(uploads.map((u) => [u.id, u]));
  for (const id of ids) {
    if (!byId.has(id)) throw new AppError(404, "UPLOAD_NOT_FOUND", `Upload ${id} was not found.`, { uploadId: id });
  }
  const table = priceTableAt(store, now);
  if (!table) throw new AppError(409, "PRICES_NOT_PUBLISHED", "This store has no price table in force.");
  try {
    const quote = priceOrder(
      table,
      items.map((i) => {
        const u = byId.get(i.uploadId)!;
        return { uploadId: u.id, fileName: u.fileName, pages: u.pages, colorMode: i.colorMode, paperSize: i.paperSize, duplex: i.duplex, copies: i.copies };
      }),
    );
    return { store, quote };
  } catch (err) {
    if (err instanceof PriceMissingError) {
      throw new AppError(422, "OPTION_NOT_AVAILABLE", `This store does not print ${err.colorMode} on ${err.paperSize}.`);
    }
    throw err;
  }
}

export function quoteView(storeId: string, q: Quote) {
  return {
    storeId,
    priceTableId: q.priceTableId,
    currency: q.currency,
    lines: q.lines.map((l) => ({
      uploadId: l.uploadId,
      fileName: l.fileName,
      pages: l.pages,
      colorMode: l.colorMode,
      paperSize: l.paperSize,
      duplex: l.duplex,
      copies: l.copies,
      unit: l.unit,
      unitsPerCopy: l.billableUnits,
      unitPrice: l.unitPrice,
      amount: l.amount,
    })),
    subtotal: q.subtotal,
    minimumChargeTopUp: q.minimumChargeTopUp,
    totalAmount: q.totalAmount,
    printedPages: q.printedPages,
  };
}
