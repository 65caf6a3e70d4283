import path from "node:path";
import { formatSlot, formatWon } from "../src/domain/format";
import { LEGALLY_REQUIRED, NOTIFIABLE_TYPES, notificationFor } from "../src/domain/messages";
import { placeholders, renderTemplate, TemplateError } from "../src/domain/template";
import { Templates } from "../src/templates/templates";
import { customer, events, SLOT, SLOT_TEXT } from "./helpers";

const TEMPLATES_DIR = path.resolve(__dirname, "../templates");
const templates = Templates.load(TEMPLATES_DIR, NOTIFIABLE_TYPES, (t) => t !== "refund.failed");
const c = { ...customer("usr_tpl"), name: "<b>김&민지</b>" };

const sample = {
  "reservation.confirmed": events.confirmed(c, "rsv_1"),
  "reservation.ready": events.ready(c, "rsv_1"),
  "reservation.expired": events.expired(c, "rsv_1"),
  "reservation.picked-up": events.pickedUp(c, "rsv_1"),
  "payment.failed": events.paymentFailed(c, "rsv_1"),
  "refund.completed": events.refundCompleted(c, "rsv_1"),
  "refund.failed": events.refundFailed("rsv_1"),
};

describe("message templates", () => {
  it.each(NOTIFIABLE_TYPES)("when %s is rendered with its event, then every file renders with no placeholder left", (type) => {
    const spec = notificationFor(sample[type] as Parameters<typeof notificationFor>[0], "https://preprint.test");
    const msg = templates.render(spec.type, spec.values, spec.email !== "none");
    expect(msg.subject).not.toMatch(/\{\{|\}\}|\n/);
    expect(msg.subject.length).toBeGreaterThan(5);
    expect(msg.inApp).not.toMatch(/\{\{|\}\}/);
    if (spec.email === "none") {
      expect(msg.email).toBeUndefined();
      return;
    }
    expect(msg.email!.text).not.toMatch(/\{\{|\}\}/);
    expect(msg.email!.html).not.toMatch(/\{\{|\}\}/);
    expect(msg.email!.text).toContain("프리프린트 강남점");
    expect(msg.email!.html).toContain("프리프린트 강남점");
    // values are escaped in HTML, verbatim in plain text
    expect(msg.email!.html).toContain("&lt;b&gt;김&amp;민지&lt;/b&gt;");
    expect(msg.email!.html).not.toContain("<b>김");
    expect(msg.email!.text).toContain("<b>김&민지</b>");
  });

  it("when reservation.confirmed is rendered, then it shows the slot in Seoul time, the amount in won and the pickup code", () => {
    const spec = notificationFor(sample["reservation.confirmed"], "https://preprint.test");
    const msg = templates.render(spec.type, spec.values, true);
    expect(msg.subject).toBe("[프리프린트] 프리프린트 강남점 예약이 확정되었습니다");
    expect(msg.email!.text).toContain(`픽업 시간: ${SLOT_TEXT}`);
    expect(msg.email!.text).toContain("결제 금액: ₩12,300");
    expect(msg.email!.text).toContain("픽업 코드: 048213");
    expect(msg.email!.text).toContain("https://preprint.test/reservations/rsv_1");
  });

  it("when a template names an unknown placeholder, then rendering fails naming it", () => {
    expect(() => renderTemplate("안녕하세요 {{ customerNmae }}님", { customerName: "김" }, { html: false, name: "x/email.txt" })).toThrow(
      new TemplateError("x/email.txt: unknown placeholder {{customerNmae}}"),
    );
    expect(() => renderTemplate("{{ 이름 }}", {}, { html: true, name: "y" })).toThrow(/malformed placeholder/);
    expect(placeholders("{{a}} {{ b }} {{a}}")).toEqual(["a", "b"]);
  });

  it("when amounts and times are formatted, then they use ₩ with separators and the store's time zone", () => {
    expect(formatWon(1_234_500)).toBe("₩1,234,500");
    expect(formatWon(0)).toBe("₩0");
    expect(() => formatWon(10.5)).toThrow();
    expect(formatSlot(SLOT, "Asia/Seoul")).toBe(SLOT_TEXT);
    expect(formatSlot(SLOT, "UTC")).toBe("2026년 12월 1일 화 05:00 ~ 05:30");
  });

  it("when the policy is read, then payment and refund e-mails are the legally required ones", () => {
    expect([...LEGALLY_REQUIRED].sort()).toEqual(["payment.failed", "refund.completed", "reservation.confirmed"]);
  });
});
