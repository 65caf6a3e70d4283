/** The newest request's answer wins, whatever order the answers arrive in. */
import { AnswerOrder } from "../src/lib/answers";

describe("answers to repeated requests", () => {
  test("when answers arrive in the order they were asked, then each is applied", () => {
    const order = new AnswerOrder();
    const first = order.begin();
    expect(first.apply()).toBe(true);
    const second = order.begin();
    expect(second.apply()).toBe(true);
  });

  test("when an older answer arrives after a newer one, then it is dropped, and so is its error", () => {
    const order = new AnswerOrder();
    const older = order.begin();
    const newer = order.begin();
    expect(newer.apply()).toBe(true);
    expect(older.current()).toBe(false);
    expect(older.apply()).toBe(false);
  });

  test("when a newer request is still out, then an older answer is applied and the newer one still can be", () => {
    const order = new AnswerOrder();
    const older = order.begin();
    const newer = order.begin();
    expect(older.apply()).toBe(true);
    expect(newer.current()).toBe(true);
    expect(newer.apply()).toBe(true);
  });

  test("when an answer is applied twice, then only the first counts", () => {
    const order = new AnswerOrder();
    const ticket = order.begin();
    expect(ticket.apply()).toBe(true);
    expect(ticket.apply()).toBe(false);
  });
});
