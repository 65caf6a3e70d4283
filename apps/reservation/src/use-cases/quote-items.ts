import { AppError } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { findStore, priceTableAt, type LoadedStore } from "../db/stores";
import { findOwnedUploads } from "../db/uploads";
import { PriceMissingError, priceOrder, type ColorMode, type PaperSize, type Quote } from "../domain/pricing";
import { storeNotFound } from "./errors";

export interface OrderItemInput {
  uploadId: string;
  colorMode: ColorMode;
  paperSize: PaperSize;
  duplex: boolean;
  copies: number;
}

/**
 * Prices an order on the server: pages come from our record of each upload (owned by the
 * customer, not yet deleted), prices from the store's table in force now.
 */
export async function quoteItems(
  d: { prisma: PrismaClient },
  input: { customerId: string; storeId: string; items: OrderItemInput[]; now: Date },
): Promise<{ store: LoadedStore; quote: Quote }> {
  const store = await findStore(d.prisma, input.storeId);
  if (!store) throw storeNotFound();
  const ids = [...new Set(input.items.map((i) => i.uploadId))];
  const uploads = await findOwnedUploads(d.prisma, input.customerId, ids);
  const byId = new Map(uploads.map((u) => [u.id, u]));
  for (const id of ids) {
    if (!byId.has(id)) throw new AppError(404, "UPLOAD_NOT_FOUND", `Upload ${id} was not found.`, { uploadId: id });
  }
  const table = priceTableAt(store, input.now);
  if (!table) throw new AppError(409, "PRICES_NOT_PUBLISHED", "This store has no price table in force.");
  try {
    const quote = priceOrder(
      table,
      input.items.map((i) => {
        const u = byId.get(i.uploadId)!;
        return {
          uploadId: u.id,
          fileName: u.fileName,
          pages: u.pages,
          colorMode: i.colorMode,
          paperSize: i.paperSize,
          duplex: i.duplex,
          copies: i.copies,
        };
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
