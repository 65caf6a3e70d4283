import http from "node:http";
import type { AddressInfo } from "node:net";
import type express from "express";
import { answerClientErrors } from "./client-errors";
import type { HealthState } from "./health";
import type { Logger } from "./logger";
import { installStopSignals } from "./run-main";

export interface Closeable {
  name: string;
  close: () => Promise<void> | void;
}

export interface RunningService {
  server: http.Server;
  port: number;
  url: string;
  /** graceful stop: not ready → stop taking work → finish in-flight → close resources in order */
  stop: (reason?: string) => Promise<void>;
}

export interface RunOptions {
  service: string;
  app: express.Express;
  health: HealthState;
  logger: Logger;
  port: number;
  host?: string;
  /**
   * Closed in order once the HTTP server has drained: consumers and jobs first (stop taking
   * work, finish in-flight), then the relay, then broker and database connections.
   */
  closeables?: Closeable[];
  /** hard deadline for a graceful stop */
  shutdownTimeoutMs?: number;
  /**
   * install the kit's signal path (`installStopSignals`, as `runMain` does) for a process that
   * serves without the skeleton (default true; `startService` and tests pass false)
   */
  handleSignals?: boolean;
}

export async function runService(opts: RunOptions): Promise<RunningService> {
  const server = http.createServer(opts.app);
  // keep-alive longer than typical proxies' idle timeout so the gateway's pooled sockets are not cut mid-request
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host ?? "0.0.0.0", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  opts.logger.info({ port }, `${opts.service} listening`);

  let stopping: Promise<void> | undefined;
  const stop = (reason = "stop") => {
    stopping ??= (async () => {
      opts.logger.info({ reason }, `${opts.service} shutting down`);
      opts.health.shuttingDown = true;
      // Stop accepting, then let in-flight requests finish. Keep-alive sockets that go idle after
      // their last response would hold close() open, so sweep them until the server has drained.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      server.closeIdleConnections();
      await closed;
      clearInterval(sweep);
      for (const c of opts.closeables ?? []) {
        try {
          await c.close();
        } catch (err) {
          opts.logger.error({ err, resource: c.name }, "error while closing");
        }
      }
      opts.logger.info(`${opts.service} stopped`);
    })();
    return stopping;
  };

  if (opts.handleSignals ?? true)
    installStopSignals(opts.service, Promise.resolve({ stop, logger: opts.logger }), { shutdownTimeoutMs: opts.shutdownTimeoutMs });
  return { server, port, url, stop };
}
