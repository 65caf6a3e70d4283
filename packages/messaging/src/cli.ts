import { parseArgs } from "node:util";
import { listDeadLetters, replayDeadLetters } from "./dlq";

const USAGE = `Usage: preprint-dlq <command> --queue <queue> [options]

Commands:
  list   --queue <q> [--limit <n>] [--json]     show parked messages (left in place)
  replay --queue <q> (--id <eventId>... | --all) move them back to the queue, attempts reset

<q> is the service queue (e.g. notification) or its dead-letter queue (notification.dlq).
Options: --url <amqp url> (default $AMQP_URL)`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env };

/** The `preprint-dlq` command; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        queue: { type: "string", short: "q" },
        id: { type: "string", multiple: true },
        all: { type: "boolean" },
        limit: { type: "string" },
        json: { type: "boolean" },
        url: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    io.out(USAGE);
    return command || values.help ? 0 : 2;
  }
  const url = values.url ?? io.env.AMQP_URL;
  if (!url) {
    io.err("AMQP_URL is not set (or pass --url)");
    return 2;
  }
  if (!values.queue) {
    io.err(`--queue is required\n\n${USAGE}`);
    return 2;
  }
  try {
    if (command === "list") {
      const limit = values.limit ? Number(values.limit) : 100;
      if (!Number.isInteger(limit) || limit < 1) {
        io.err("--limit must be a positive integer");
        return 2;
      }
      const items = await listDeadLetters(values.queue, { url, limit });
      if (values.json) {
        io.out(JSON.stringify(items, null, 2));
        return 0;
      }
      if (items.length === 0) io.out(`no parked messages in ${values.queue.replace(/\.dlq$/, "")}.dlq`);
      for (const d of items) {
        io.out(
          [
            d.eventId ?? "(no id)",
            d.type ?? "(no type)",
            `attempts=${d.attempts}`,
            `reason=${d.reason ?? "?"}`,
            `parkedAt=${d.parkedAt ?? "?"}`,
            `publishedAt=${d.publishedAt ?? "?"}`,
            d.replayCount ? `replays=${d.replayCount}` : "",
            `error=${JSON.stringify(d.lastError ?? "")}`,
          ]
            .filter(Boolean)
            .join("  "),
        );
      }
      return 0;
    }
    if (command === "replay") {
      if (!!values.all === !!values.id?.length) {
        io.err("replay needs exactly one of --id <eventId> (repeatable) or --all");
        return 2;
      }
      const replayed = values.all
        ? await replayDeadLetters(values.queue, { url, all: true })
        : await replayDeadLetters(values.queue, { url, ids: values.id! });
      for (const d of replayed) io.out(`replayed ${d.eventId ?? "(no id)"} ${d.type ?? ""}`.trim());
      io.out(`${replayed.length} message(s) replayed to ${values.queue.replace(/\.dlq$/, "")}`);
      if (values.id && replayed.length < values.id.length) {
        const found = new Set(replayed.map((d) => d.eventId));
        io.err(`not found in the DLQ: ${values.id.filter((i) => !found.has(i)).join(", ")}`);
        return 1;
      }
      return 0;
    }
    io.err(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  } catch (err) {
    io.err(`preprint-dlq: ${(err as Error).message}`);
    return 1;
  }
}
