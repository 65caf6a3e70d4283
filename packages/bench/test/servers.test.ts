import http from "node:http";
import type { AddressInfo } from "node:net";
import { signAccessToken } from "@preprint/auth";
import { BODY, createBackend } from "../src/servers/backend";
import { createBareProxy } from "../src/servers/bare-proxy";
import { createLeanProxy } from "../src/servers/lean-proxy";

const SECRET = "bench-test-0123456789abcdef0123456789abcdef";

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

describe("the reference servers", () => {
  const servers: http.Server[] = [];
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  test("when a request with a body goes through the bare proxy, then the backend's 200-byte answer comes back and the upstream saw the path, method and headers", async () => {
    const backend = createBackend();
    const seen: { method?: string; url?: string; auth?: string; host?: string }[] = [];
    backend.prependListener("request", (req: http.IncomingMessage) =>
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, host: req.headers.host }),
    );
    const backendUrl = await listen(backend);
    const proxy = createBareProxy(backendUrl);
    servers.push(backend, proxy);
    const proxyUrl = await listen(proxy);

    const res = await fetch(`${proxyUrl}/reservations?x=1`, { method: "POST", headers: { authorization: "Bearer t" }, body: "hello" });
    const body = Buffer.from(await res.arrayBuffer());

    expect(res.status).toBe(200);
    expect(body.length).toBe(200);
    expect(body.equals(BODY)).toBe(true);
    expect(seen).toEqual([{ method: "POST", url: "/reservations?x=1", auth: "Bearer t", host: new URL(backendUrl).host }]);
  });

  test("when the backend is down, then the bare proxy answers 502", async () => {
    const proxy = createBareProxy("http://127.0.0.1:1");
    servers.push(proxy);
    const res = await fetch(`${await listen(proxy)}/x`);
    expect(res.status).toBe(502);
    expect(await res.text()).toBe("bad gateway");
  });

  test("when a request with a valid access token goes through the lean hpm proxy, then it reaches the backend without /api and the answer comes back", async () => {
    const backend = createBackend();
    const seen: { url?: string; auth?: string }[] = [];
    backend.prependListener("request", (req: http.IncomingMessage) => seen.push({ url: req.url, auth: req.headers.authorization }));
    const backendUrl = await listen(backend);
    const proxy = createLeanProxy(backendUrl, SECRET);
    servers.push(backend, proxy);
    const proxyUrl = await listen(proxy);
    const token = await signAccessToken({ sub: "usr_1", role: "customer", email: "a@preprint.test", name: "a" }, SECRET);

    const res = await fetch(`${proxyUrl}/api/reservations?x=1`, { headers: { authorization: `Bearer ${token}` } });

    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(BODY)).toBe(true);
    expect(seen).toEqual([{ url: "/reservations?x=1", auth: `Bearer ${token}` }]);
  });

  test("when the token is missing or signed with another secret, then the lean hpm proxy answers 401 and forwards nothing", async () => {
    const backend = createBackend();
    let forwarded = 0;
    backend.prependListener("request", () => forwarded++);
    const proxy = createLeanProxy(await listen(backend), SECRET);
    servers.push(backend, proxy);
    const proxyUrl = await listen(proxy);
    const forged = await signAccessToken({ sub: "usr_1", role: "customer", email: "a@preprint.test", name: "a" }, `${SECRET}-other`);

    expect((await fetch(`${proxyUrl}/api/reservations`)).status).toBe(401);
    expect((await fetch(`${proxyUrl}/api/reservations`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    expect(forwarded).toBe(0);
  });

  test("when the backend is down, then the lean hpm proxy answers 502", async () => {
    const proxy = createLeanProxy("http://127.0.0.1:1", SECRET);
    servers.push(proxy);
    const token = await signAccessToken({ sub: "usr_1", role: "customer", email: "a@preprint.test", name: "a" }, SECRET);
    const res = await fetch(`${await listen(proxy)}/api/x`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(502);
  });
});
