export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** default "manual": a test sees a redirect as the answer it is */
  redirect?: RequestRedirect;
}

async function read<T>(res: Response): Promise<Res<T>> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/**
 * A small HTTP client for one origin (the gateway, or a service when a test goes around it).
 * `traceparent`, when set, is sent on every request so a whole booking joins one trace.
 */
export class Api {
  constructor(
    readonly base: string,
    readonly opts: { traceparent?: string } = {},
  ) {}

  private headers(o: CallOptions): Record<string, string> {
    const h: Record<string, string> = {};
    if (this.opts.traceparent) h.traceparent = this.opts.traceparent;
    if (o.token) h.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) h["content-type"] = "application/json";
    return { ...h, ...o.headers };
  }

  async call<T = any>(method: string, p: string, o: CallOptions = {}): Promise<Res<T>> {
    const res = await fetch(this.base + p, {
      method,
      headers: this.headers(o),
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      redirect: o.redirect ?? "manual",
    });
    return this.answered(method, p, await read<T>(res));
  }

  /** Every answer passes here; a subclass checks it (the system tests check it against the OpenAPI document). */
  protected async answered<T>(_method: string, _path: string, res: Res<T>): Promise<Res<T>> {
    return res;
  }

  get<T = any>(p: string, o: CallOptions = {}) {
    return this.call<T>("GET", p, o);
  }

  post<T = any>(p: string, body?: unknown, o: CallOptions = {}) {
    return this.call<T>("POST", p, { ...o, body: body ?? {} });
  }

  /** A multipart upload of one file (field `file`), as the web app sends it. */
  async upload<T = any>(p: string, token: string, bytes: Uint8Array, fileName: string, type = "application/pdf"): Promise<Res<T>> {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)], { type }), fileName);
    const res = await fetch(this.base + p, { method: "POST", headers: this.headers({ token }), body: form });
    return this.answered("POST", p, await read<T>(res));
  }
}

/** YYYY-MM-DD in Asia/Seoul, `days` from today. */
export function seoulDate(days: number): string {
  return new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
