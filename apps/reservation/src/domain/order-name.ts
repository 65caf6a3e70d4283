/** The order name the customer sees in the payment window: the store, the first file and how many more (≤ 100 characters). */
export function orderName(r: { store: { name: string }; items: { fileName: string }[] }): string {
  const first = r.items[0];
  return first
    ? `${r.store.name} 인쇄 ${first.fileName}${r.items.length > 1 ? ` 외 ${r.items.length - 1}건` : ""}`.slice(0, 100)
    : `${r.store.name} 인쇄`;
}
