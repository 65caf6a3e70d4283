/**
 * Server-sent events over fetch, so the access token goes in the Authorization header (EventSource
 * cannot send headers, and a token in the URL would land in access logs). Reconnects with back-off
 * and a fresh token; sends Last-Event-ID so the server can replay what was missed.
 */
import { accessToken, refreshSession } from "../api/client";

export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

export interface SseHandle {
  close(): void;
}

export function parseSseChunk(buffer: string): { messages: SseMessage[]; rest: string } {
  const messages: SseMessage[] = [];
  const blocks = buffer.replace(/\r\n?/g, "\n").split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    let event = "message";
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue;
      const i = line.indexOf(":");
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
      else if (field === "id") id = value;
    }
    if (data.length) messages.push({ event, data: data.join("\n"), id });
  }
  return { messages, rest };
}

/**
 * Where a stream resumes. The caller owns it so that a stream created again (new token, page
 * re-mount) resumes from the last event the previous one saw instead of "now" (docs/decisions/0062).
 * Ids are per audience (user or store): use one cursor per audience.
 */
export interface StreamCursor {
  lastEventId?: string;
}

export function openStream(
  url: string,
  onMessage: (m: SseMessage) => void,
  onState: (connected: boolean) => void,
  cursor: StreamCursor = {},
): SseHandle {
  let closed = false;
  let controller: AbortController | null = null;
  let delay = 1000;

  const run = async (): Promise<void> => {
    while (!closed) {
      controller = new AbortController();
      try {
        const headers: Record<string, string> = { accept: "text/event-stream" };
        const token = accessToken();
        if (token) headers.authorization = `Bearer ${token}`;
        if (cursor.lastEventId) headers["last-event-id"] = cursor.lastEventId;
        const res = await fetch(url, { headers, signal: controller.signal, credentials: "same-origin", cache: "no-store" });
        if (res.status === 401) {
          // expired token: refresh (single flight) and reconnect at once with the new one and the cursor
          if (!(await refreshSession()) || closed) return;
          continue;
        }
        if (!res.ok || !res.body) throw new Error(`stream ${res.status}`);
        onState(true);
        delay = 1000;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parsed = parseSseChunk(buffer + value);
          buffer = parsed.rest;
          for (const m of parsed.messages) {
            if (closed) return;
            if (m.id) cursor.lastEventId = m.id;
            onMessage(m);
          }
        }
      } catch {
        // network drop, server restart or abort: fall through to the back-off
      }
      onState(false);
      if (closed) return;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  };
  void run();
  return {
    close() {
      closed = true;
      controller?.abort();
    },
  };
}
