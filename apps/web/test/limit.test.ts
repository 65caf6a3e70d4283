/** Uploads go out a few at a time, in the order the files were chosen. */
import { createLimiter } from "../src/lib/limit";

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("running tasks a few at a time", () => {
  test("when more tasks come than may run, then only that many run and the rest start in order as each ends", async () => {
    const limit = createLimiter(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const done = gates.map((g, i) =>
      limit(() => {
        started.push(i);
        return g.promise;
      }),
    );
    // the first task's refusal is awaited at the end; its handler must be there before it happens
    const firstRefused = expect(done[0]).rejects.toThrow("refused");
    await tick();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.reject(new Error("refused"));
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2]!.resolve();
    gates[3]!.resolve();
    await firstRefused;
    await Promise.all(done.slice(1));
  });
});
