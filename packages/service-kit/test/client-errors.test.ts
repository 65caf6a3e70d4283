import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { answerClientErrors } from "../src";

/**
 * Bytes the parser refuses that arrive while a response is already being written (pipelined after
 * a stream or a download): a problem written into the socket then would land inside that
 * response's body. The connection is closed instead.
 */
describe("client errors", () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/stream") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(": open\n\n"); // and stays open
        return;
      }
      res.end("ok");
    });
    answerClientErrors(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  /** Sends `first`, waits until `until` was received, sends `then`; resolves with all bytes received once the server closes. */
  function exchange(first: string, until: string, then: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1");
      let got = "";
      let sent = false;
      socket.on("data", (c: Buffer) => {
        got += c.toString("latin1");
        if (!sent && got.includes(until)) {
          sent = true;
          socket.write(then);
        }
      });
      socket.on("error", () => undefined);
      socket.on("close", () => resolve(got));
      socket.setTimeout(10_000, () => reject(new Error(`no close in 10 s; got ${JSON.stringify(got)}`)));
      socket.write(first);
    });
  }

  it("when garbage follows a request whose response is being streamed, then the connection is closed and nothing is written into that response", async () => {
    const got = await exchange("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n", ": open", "\x00\x01 not http\r\n\r\n");
    expect(got).toContain(": open");
    expect(got).not.toContain("HTTP/1.1 400");
    expect(got.match(/HTTP\/1\.1 /g)).toHaveLength(1);
  });

  it("when a request cannot be parsed and nothing is being answered, then it gets a 400 problem+json and the connection closes", async () => {
    const got = await exchange("\x00\x01 not http\r\n\r\n", "\u0000never", "");
    expect(got).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(got).toContain("application/problem+json");
    expect(got).toContain('"code":"MALFORMED_REQUEST"');
  });
});
