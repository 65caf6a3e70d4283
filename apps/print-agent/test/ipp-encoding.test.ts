// The IPP wire format, checked byte by byte against RFC 8010's layout.
import { GroupTag, Operation, ValueTag } from "../src/ipp/codes";
import { attr, decodeResponse, encodeRequest, groupAttributes, stringValues } from "../src/ipp/encoding";

function value(tag: number, name: string, body: Buffer): Buffer {
  const n = Buffer.from(name);
  const head = Buffer.alloc(3 + n.length + 2);
  head.writeUInt8(tag, 0);
  head.writeUInt16BE(n.length, 1);
  n.copy(head, 3);
  head.writeUInt16BE(body.length, 3 + n.length);
  return Buffer.concat([head, body]);
}
const int = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};

test("a request encodes header, groups, multi-valued attributes and the end tag", () => {
  const bytes = encodeRequest({
    operation: Operation.GetPrinterAttributes,
    requestId: 7,
    groups: [
      {
        tag: GroupTag.Operation,
        attributes: [attr(ValueTag.Charset, "attributes-charset", "utf-8"), attr(ValueTag.Keyword, "requested-attributes", "a", "bc")],
      },
    ],
  });
  expect(bytes).toEqual(
    Buffer.concat([
      Buffer.from([1, 1, 0x00, 0x0b, 0, 0, 0, 7, GroupTag.Operation]),
      value(ValueTag.Charset, "attributes-charset", Buffer.from("utf-8")),
      value(ValueTag.Keyword, "requested-attributes", Buffer.from("a")),
      value(ValueTag.Keyword, "", Buffer.from("bc")),
      Buffer.from([GroupTag.End]),
    ]),
  );
});

test("a response decodes integers, ranges, additional values, text with language and collections", () => {
  const rangeBody = Buffer.concat([int(1), int(999)]);
  const twl = Buffer.concat([Buffer.from([0, 2]), Buffer.from("en"), Buffer.from([0, 5]), Buffer.from("hello")]);
  const collection = Buffer.concat([
    value(ValueTag.BegCollection, "media-col-ready", Buffer.alloc(0)),
    value(ValueTag.MemberAttrName, "", Buffer.from("media-size-name")),
    value(ValueTag.Keyword, "", Buffer.from("iso_a4_210x297mm")),
    value(ValueTag.EndCollection, "", Buffer.alloc(0)),
  ]);
  const res = decodeResponse(
    Buffer.concat([
      Buffer.from([2, 0, 0x05, 0x07, 0, 0, 0, 9, GroupTag.Operation]),
      value(ValueTag.Charset, "attributes-charset", Buffer.from("utf-8")),
      Buffer.from([GroupTag.Printer]),
      value(ValueTag.Enum, "printer-state", int(4)),
      value(ValueTag.RangeOfInteger, "copies-supported", rangeBody),
      value(ValueTag.Keyword, "printer-state-reasons", Buffer.from("media-empty-error")),
      value(ValueTag.Keyword, "", Buffer.from("toner-low-warning")),
      value(ValueTag.TextWithLanguage, "printer-info", twl),
      collection,
      value(ValueTag.NoValue, "printer-location", Buffer.alloc(0)),
      Buffer.from([GroupTag.End]),
    ]),
  );
  expect(res).toMatchObject({ version: "2.0", statusCode: 0x0507, requestId: 9 });
  const p = groupAttributes(res, GroupTag.Printer);
  expect(p.get("printer-state")?.values).toEqual([4]);
  expect(p.get("copies-supported")?.values).toEqual([{ lower: 1, upper: 999 }]);
  expect(stringValues(p, "printer-state-reasons")).toEqual(["media-empty-error", "toner-low-warning"]);
  expect(p.get("printer-info")?.values).toEqual(["hello"]);
  expect(p.get("media-col-ready")?.values).toEqual([{ "media-size-name": ["iso_a4_210x297mm"] }]);
  expect(p.get("printer-location")?.values).toEqual([null]);
});

test("a truncated answer is an error, not a half-read message", () => {
  const full = Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 1, GroupTag.Operation]),
    value(ValueTag.Charset, "attributes-charset", Buffer.from("utf-8")),
  ]);
  expect(() => decodeResponse(full.subarray(0, full.length - 2))).toThrow(/truncated/);
  expect(() => decodeResponse(full)).toThrow(/truncated/); // no end tag
});
