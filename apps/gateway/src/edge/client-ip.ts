import type { IncomingMessage } from "node:http";
import { isIPv4, isIPv6 } from "node:net";

/**
 * The client address: the socket peer, or — behind `hops` trusted reverse proxies — the address
 * those proxies appended to X-Forwarded-For (counted from the right, so a client cannot spoof it).
 * An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) is the IPv4 address.
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
  return ip.startsWith("::ffff:") && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
}

/**
 * The key a client is counted under (rate limits, login throttling): an IPv4 address as it is, an
 * IPv6 address by its /64 — one subscriber usually gets a whole /64 and can pick any address in it,
 * so counting single IPv6 addresses would give one client 2^64 buckets. IPv4-mapped and
 * IPv4-compatible forms count as the IPv4 address.
 */
export function addressKey(ip: string): string {
  if (!ip.includes(":")) return ip; // IPv4, the common case: no parsing on the proxy path
  const zone = ip.indexOf("%");
  const bare = zone === -1 ? ip : ip.slice(0, zone);
  if (!isIPv6(bare)) return ip;
  const g = ipv6Groups(bare);
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  }
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(ip: string): number[] {
  let s = ip;
  const dot = s.indexOf(".");
  if (dot !== -1) {
    const colon = s.lastIndexOf(":");
    const [a, b, c, d] = s
      .slice(colon + 1)
      .split(".")
      .map(Number) as [number, number, number, number];
    s = `${s.slice(0, colon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const dc = s.indexOf("::");
  let parts: string[];
  if (dc === -1) parts = s.split(":");
  else {
    const head = s.slice(0, dc) === "" ? [] : s.slice(0, dc).split(":");
    const tail = s.slice(dc + 2) === "" ? [] : s.slice(dc + 2).split(":");
    parts = [...head, ...new Array<string>(8 - head.length - tail.length).fill("0"), ...tail];
  }
  return parts.map((p) => parseInt(p, 16));
}
