/**
 * A name as a kiosk in a shop may show it to whoever stands there: the first and last character,
 * the rest starred ("김민수" → "김*수", "Alex Kim" → "A******m"); one or two characters keep the
 * first only.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return "";
  if (chars.length <= 2) return chars[0] + "*".repeat(chars.length - 1);
  return chars[0] + "*".repeat(chars.length - 2) + chars[chars.length - 1];
}
