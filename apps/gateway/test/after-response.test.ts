import { AfterResponse } from "../src/telemetry/after-response";

describe("after-response queue", () => {
  it("when several responses finish in one turn, then their records are handled together, in order, after that turn", async () => {
    const handled: number[][] = [];
    let batch: number[] = [];
    const q = new AfterResponse<number>(
      (n) => batch.push(n),
      () => {},
    );
    q.add(1);
    q.add(2);
    q.add(3);
    expect(batch).toEqual([]); // nothing on the request's own path
    await new Promise((r) => setImmediate(r));
    handled.push(batch);
    batch = [];
    q.add(4);
    await new Promise((r) => setImmediate(r));
    handled.push(batch);
    expect(handled).toEqual([[1, 2, 3], [4]]);
  });

  it("when handling one record throws, then the error is reported and the rest of the batch is still handled", async () => {
    const done: string[] = [];
    const errors: unknown[] = [];
    const q = new AfterResponse<string>(
      (s) => {
        if (s === "bad") throw new Error("boom");
        done.push(s);
      },
      (err) => errors.push(err),
    );
    for (const s of ["a", "bad", "b"]) q.add(s);
    await new Promise((r) => setImmediate(r));
    expect(done).toEqual(["a", "b"]);
    expect(errors).toHaveLength(1);
  });

  it("when drained on shutdown, then what is queued is handled at once", () => {
    const done: string[] = [];
    const q = new AfterResponse<string>(
      (s) => done.push(s),
      () => {},
    );
    q.add("last line");
    q.drain();
    expect(done).toEqual(["last line"]);
  });
});
