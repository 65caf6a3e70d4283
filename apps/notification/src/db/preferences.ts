import type { Tx } from "./client";

export function findPreference(db: Tx, userId: string): Promise<{ emailEnabled: boolean } | null> {
  return db.preference.findUnique({ where: { userId }, select: { emailEnabled: true } });
}

export function savePreference(db: Tx, userId: string, emailEnabled: boolean): Promise<{ emailEnabled: boolean }> {
  return db.preference.upsert({
    where: { userId },
    create: { userId, emailEnabled },
    update: { emailEnabled },
    select: { emailEnabled: true },
  });
}
