import type http from "node:http";
import type { Duplex } from "node:stream";
import type { ProblemCode } from "@preprint/contracts";
import { problemBody } from "./errors";

/** Node's parser errors that mean "the request itself is too big", with the answer each gets. */
const PARSER_ERRORS: Record<string, { status: number; reason: string; code: ProblemCode; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: "Request Header Fields Too Large",
    code: "HEADERS_TOO_LARGE",
    detail: "The request line and headers must stay under 16 KiB.",
  },
  HPE_URI_TOO_LONG: { status: 414, reason: "URI Too Long", code: "URI_TOO_LONG", detail: "The request URL is too long." },
};
const MALFORMED = {
  status: 400,
  reason: "Bad Request",
  code: "MALFORMED_REQUEST" as ProblemCode,
  detail: "The HTTP request could not be parsed.",
};

/**
 * A request Node's HTTP parser refuses (a URL or headers over its 16 KiB limit, broken framing)
 * never reaches express: by default Node answers a bare `431`/`400` without a body. Answer it as
 * problem+json like every other refusal, then close the connection (the parser's state is lost,
 * so the connection cannot carry another request). When a response is already under way on the
 * connection, it is closed without an answer.
 */
export function answerClientErrors(server: http.Server): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    // the client is gone or a timeout already answered: there is no one to write to
    if (!socket.writable || err.code === "ECONNRESET" || err.code === "ERR_HTTP_REQUEST_TIMEOUT") {
      socket.destroy();
      return;
    }
    // a response is already being written on this connection (garbage pipelined after a stream or
    // a download): an answer now would land inside that response's body
    if ((socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const p = PARSER_ERRORS[err.code ?? ""] ?? MALFORMED;
    const body = JSON.stringify(problemBody(p.status, p.code, p.detail));
    socket.end(
      `HTTP/1.1 ${p.status} ${p.reason}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
