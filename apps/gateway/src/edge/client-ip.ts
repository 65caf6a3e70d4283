import type { IncomingMessage } from "node:http";

/**
 * The client address: the socket peer, or — behind `hops` trusted reverse proxies — the address
 * those proxies appended to X-Forwarded-For (counted from the right, so a client cannot spoof it).
 */
export function clientIp(req: IncomingMessage, hops: number): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (hops === 0) return normalize(peer);
  const xff = req.headers["x-forwarded-for"];
  if (typeof xff !== "string" || xff.length === 0) return normalize(peer);
  const parts = xff.split(",");
  const pick = parts[parts.length - hops];
  return normalize(pick ? pick.trim() : peer);
}

function normalize(ip: string): string {
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}
