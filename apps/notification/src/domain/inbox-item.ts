/**
 * Serialized shape of an inbox item (HTTP list and live push). `data` is always an object: the
 * column defaults to `{}` and is only ever written from a notification's data object.
 */
export function toItem(n: { id: string; type: string; title: string; body: string; data: unknown; createdAt: Date; readAt: Date | null }) {
  const data = n.data as Record<string, unknown>;
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    body: n.body,
    data,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

export type InboxItem = ReturnType<typeof toItem>;

/** The list cursor is the last item's id, opaque to clients. */
export const encodeCursor = (id: string) => Buffer.from(id, "utf8").toString("base64url");

/** The id a cursor stands for, or undefined for a cursor we did not issue. */
export function decodeCursor(cursor: string): string | undefined {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  return /^ntf_[0-9A-Z]{26}$/.test(id) ? id : undefined;
}
