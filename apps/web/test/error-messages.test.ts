/** The Korean message table covers exactly the problem codes our services send (the catalogue in @preprint/contracts). */
import { paymentFailureCode, problemCodes } from "@preprint/contracts";
import { ApiError, ERROR_MESSAGES, errorMessage, PAYMENT_FAILURE_MESSAGES, paymentWindowMessage } from "../src/api/errors";

const HANGUL = /[\uac00-\ud7a3]/;
const sorted = (xs: Iterable<string>) => [...xs].sort();

describe("Korean error messages", () => {
  test("when the table is compared with the catalogue of emitted codes, then they are the same set", () => {
    expect(sorted(Object.keys(ERROR_MESSAGES))).toEqual(sorted(problemCodes));
  });

  test("when the payment failure sentences are compared with the payment record's failure codes, then they are the same set", () => {
    expect(sorted(Object.keys(PAYMENT_FAILURE_MESSAGES))).toEqual(sorted(paymentFailureCode.options));
  });

  test("when any catalogued code comes back, then the customer reads a Korean sentence, never the code", () => {
    for (const code of problemCodes) {
      const shown = errorMessage(new ApiError(400, { code, detail: "English detail" }));
      expect(shown).toMatch(HANGUL);
      expect(shown).not.toContain(code);
      expect(shown).toBe(ERROR_MESSAGES[code]);
    }
  });

  test("when a code outside the catalogue comes back, then the Korean detail or the status sentence is shown", () => {
    expect(errorMessage(new ApiError(409, { code: "SOMETHING_NEW", detail: "다른 요청과 겹쳤습니다." }))).toBe("다른 요청과 겹쳤습니다.");
    expect(errorMessage(new ApiError(504, { code: "SOMETHING_NEW", detail: "timeout" }))).toMatch(HANGUL);
  });

  test("when a payment failed for a recorded reason, then the return page has its sentence", () => {
    for (const code of paymentFailureCode.options) expect(paymentWindowMessage(code)).toBe(PAYMENT_FAILURE_MESSAGES[code]);
  });
});
