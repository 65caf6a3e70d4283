import { refusedByPortOne } from "../src/domain/refunds";

test("when PortOne refuses a cancel with an error type the contract lists, then refund.failed carries that type and PortOne's message", () => {
  expect(refusedByPortOne("CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT", "취소 가능 금액 초과")).toEqual({
    code: "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT",
    errorType: "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT",
    message: "취소 가능 금액 초과",
  });
  expect(refusedByPortOne("PG_PROVIDER", undefined)).toEqual({ code: "PG_PROVIDER", errorType: "PG_PROVIDER", message: "PG_PROVIDER" });
});

test("when PortOne refuses with an error type added after the contract's list, then refund.failed says PORTONE_REJECTED and the reason starts with PortOne's type", () => {
  expect(refusedByPortOne("CHANNEL_SPECIFIC", "채널 오류")).toEqual({
    code: "PORTONE_REJECTED",
    errorType: "CHANNEL_SPECIFIC",
    message: "CHANNEL_SPECIFIC: 채널 오류",
  });
  expect(refusedByPortOne("SOMETHING_NEW", undefined)).toEqual({
    code: "PORTONE_REJECTED",
    errorType: "SOMETHING_NEW",
    message: "SOMETHING_NEW",
  });
});
