import { Api as HttpApi } from "@preprint/test-support";

/** Node-side calls through the gateway, to set up state quickly and to assert effects. */
export class Api {
  token = "";
  private readonly http: HttpApi;

  constructor(readonly base: string) {
    this.http = new HttpApi(`${base}/api`);
  }

  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    return this.http.call<T>(method, path, { token: this.token || undefined, body, headers, redirect: "follow" });
  }

  async login(email: string, password: string): Promise<this> {
    const r = await this.call("POST", "/auth/login", { email, password });
    if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${JSON.stringify(r.body)}`);
    this.token = r.body.accessToken;
    return this;
  }

  async signup(email: string, password: string, name = "테스트 고객", phone = "010-2222-3333"): Promise<this> {
    const r = await this.call("POST", "/auth/signup", { email, password, name, phone });
    if (r.status !== 201) throw new Error(`signup ${email}: ${r.status} ${JSON.stringify(r.body)}`);
    this.token = r.body.accessToken;
    return this;
  }

  async upload(pdf: Buffer, fileName: string): Promise<{ id: string; pages: number }> {
    const res = await this.http.upload("/uploads", this.token, pdf, fileName);
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** The first date (today or later, Seoul) whose slots still have room, and that slot. */
  /** The first slot with room, at least 35 minutes ahead, from `firstDay` days after today (Seoul) on. */
  async openSlot(storeId: string, firstDay = 0): Promise<{ date: string; slot: { id: string; startsAt: string; remaining: number } }> {
    for (let d = firstDay; d < firstDay + 7; d++) {
      const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(new Date(Date.now() + d * 86_400_000));
      const r = await this.call("GET", `/stores/${storeId}/slots?date=${date}`);
      const slots = (Array.isArray(r.body) ? r.body : (r.body?.slots ?? [])) as {
        id: string;
        startsAt: string;
        endsAt: string;
        remaining: number;
      }[];
      const slot = slots.find((s) => s.remaining > 0 && new Date(s.startsAt).getTime() > Date.now() + 35 * 60_000);
      if (slot) return { date, slot };
    }
    throw new Error("no open slot in the next 7 days");
  }

  async reserve(storeId: string, slotId: string, uploadId: string): Promise<{ id: string; totalAmount: number }> {
    const r = await this.call(
      "POST",
      "/reservations",
      { storeId, slotId, items: [{ uploadId, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }] },
      { "idempotency-key": crypto.randomUUID() },
    );
    if (r.status !== 201) throw new Error(`reserve: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
}
