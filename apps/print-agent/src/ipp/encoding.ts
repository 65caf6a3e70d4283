// The IPP binary message format (RFC 8010 §3): header, attribute groups, end tag, then the
// document. Values decode into plain JS values; the tag travels with each attribute so callers
// can tell an enum from an integer and an out-of-band value (no-value, unknown) from data.
import { GroupTag, IPP_VERSION, ValueTag } from "./codes";

export interface IppRange {
  lower: number;
  upper: number;
}
export interface IppResolution {
  x: number;
  y: number;
  units: number;
}
export type IppCollection = { [member: string]: IppValue[] };
export type IppValue = number | boolean | string | Buffer | IppRange | IppResolution | IppCollection | null;

export interface IppAttribute {
  name: string;
  tag: number;
  values: IppValue[];
}

export interface IppGroup {
  tag: number;
  attributes: IppAttribute[];
}

export interface IppRequest {
  operation: number;
  requestId: number;
  groups: IppGroup[];
}

export interface IppResponse {
  version: string;
  statusCode: number;
  requestId: number;
  groups: IppGroup[];
}

/** Shorthand for building request attributes. */
export function attr(tag: number, name: string, ...values: IppValue[]): IppAttribute {
  return { name, tag, values };
}

// ---------------------------------------------------------------- encoding

export function encodeRequest(req: IppRequest): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(8);
  header.writeInt8(IPP_VERSION.major, 0);
  header.writeInt8(IPP_VERSION.minor, 1);
  header.writeUInt16BE(req.operation, 2);
  header.writeUInt32BE(req.requestId >>> 0, 4);
  parts.push(header);
  for (const group of req.groups) {
    parts.push(Buffer.from([group.tag]));
    for (const attribute of group.attributes) parts.push(encodeAttribute(attribute));
  }
  parts.push(Buffer.from([GroupTag.End]));
  return Buffer.concat(parts);
}

function encodeAttribute(attribute: IppAttribute): Buffer {
  if (attribute.values.length === 0) throw new Error(`IPP attribute ${attribute.name} has no value`);
  return Buffer.concat(attribute.values.map((value, i) => encodeValue(attribute.tag, i === 0 ? attribute.name : "", value)));
}

function encodeValue(tag: number, name: string, value: IppValue): Buffer {
  const nameBytes = Buffer.from(name, "utf8");
  const body = encodeValueBody(tag, value);
  const head = Buffer.alloc(3 + nameBytes.length + 2);
  head.writeUInt8(tag, 0);
  head.writeUInt16BE(nameBytes.length, 1);
  nameBytes.copy(head, 3);
  head.writeUInt16BE(body.length, 3 + nameBytes.length);
  return Buffer.concat([head, body]);
}

function encodeValueBody(tag: number, value: IppValue): Buffer {
  switch (tag) {
    case ValueTag.Integer:
    case ValueTag.Enum: {
      const b = Buffer.alloc(4);
      b.writeInt32BE(value as number, 0);
      return b;
    }
    case ValueTag.Boolean:
      return Buffer.from([value ? 1 : 0]);
    case ValueTag.RangeOfInteger: {
      const r = value as IppRange;
      const b = Buffer.alloc(8);
      b.writeInt32BE(r.lower, 0);
      b.writeInt32BE(r.upper, 4);
      return b;
    }
    case ValueTag.Unsupported:
    case ValueTag.Unknown:
    case ValueTag.NoValue:
      return Buffer.alloc(0);
    case ValueTag.TextWithoutLanguage:
    case ValueTag.NameWithoutLanguage:
    case ValueTag.Keyword:
    case ValueTag.Uri:
    case ValueTag.UriScheme:
    case ValueTag.Charset:
    case ValueTag.NaturalLanguage:
    case ValueTag.MimeMediaType: {
      const b = Buffer.from(String(value), "utf8");
      if (b.length > 0x7fff) throw new Error("IPP string value too long");
      return b;
    }
    default:
      // collections, dates and resolutions are never sent by the agent
      throw new Error(`encoding IPP value tag 0x${tag.toString(16)} is not supported`);
  }
}

// ---------------------------------------------------------------- decoding

class Reader {
  offset = 0;
  constructor(private readonly buf: Buffer) {}
  need(n: number): void {
    if (this.offset + n > this.buf.length) throw new Error("IPP message truncated");
  }
  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.offset++);
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }
  peek(): number {
    this.need(1);
    return this.buf.readUInt8(this.offset);
  }
}

export function decodeResponse(buf: Buffer): IppResponse {
  const r = new Reader(buf);
  const major = r.u8();
  const minor = r.u8();
  const statusCode = r.u16();
  const requestId = r.u32();
  const groups: IppGroup[] = [];
  let group: IppGroup | undefined;
  let last: IppAttribute | undefined;
  for (;;) {
    const tag = r.u8();
    if (tag === GroupTag.End) break;
    if (tag <= 0x0f) {
      group = { tag, attributes: [] };
      groups.push(group);
      last = undefined;
      continue;
    }
    if (!group) throw new Error("IPP attribute outside a group");
    const name = r.bytes(r.u16()).toString("utf8");
    const value = decodeValue(r, tag);
    if (name === "") {
      if (!last) throw new Error("IPP additional value without an attribute");
      last.values.push(value);
    } else {
      last = { name, tag, values: [value] };
      group.attributes.push(last);
    }
  }
  return { version: `${major}.${minor}`, statusCode, requestId, groups };
}

function decodeValue(r: Reader, tag: number): IppValue {
  const body = r.bytes(r.u16());
  switch (tag) {
    case ValueTag.Integer:
    case ValueTag.Enum:
      return body.length === 4 ? body.readInt32BE(0) : null;
    case ValueTag.Boolean:
      return body[0] === 1;
    case ValueTag.RangeOfInteger:
      return { lower: body.readInt32BE(0), upper: body.readInt32BE(4) };
    case ValueTag.Resolution:
      return { x: body.readInt32BE(0), y: body.readInt32BE(4), units: body.readInt8(8) };
    case ValueTag.Unsupported:
    case ValueTag.Unknown:
    case ValueTag.NoValue:
      return null;
    case ValueTag.TextWithLanguage:
    case ValueTag.NameWithLanguage: {
      // language length + language, text length + text: keep the text
      const langLen = body.readUInt16BE(0);
      const textLen = body.readUInt16BE(2 + langLen);
      return body.subarray(4 + langLen, 4 + langLen + textLen).toString("utf8");
    }
    case ValueTag.BegCollection:
      return decodeCollection(r);
    case ValueTag.OctetString:
    case ValueTag.DateTime:
      return Buffer.from(body);
    default:
      // every character-string tag (0x40–0x5f) is UTF-8 text; unknown tags stay bytes
      return tag >= 0x40 && tag <= 0x5f ? body.toString("utf8") : Buffer.from(body);
  }
}

/** Collections (RFC 8010 §3.1.6): memberAttrName, then its values, until endCollection. */
function decodeCollection(r: Reader): IppCollection {
  const out: IppCollection = {};
  let member: string | undefined;
  for (;;) {
    const tag = r.u8();
    r.bytes(r.u16()); // name: always empty inside a collection
    if (tag === ValueTag.EndCollection) {
      r.bytes(r.u16());
      return out;
    }
    if (tag === ValueTag.MemberAttrName) {
      member = r.bytes(r.u16()).toString("utf8");
      out[member] = [];
      continue;
    }
    if (member === undefined) throw new Error("IPP collection value without a member name");
    out[member].push(decodeValue(r, tag));
  }
}

// ---------------------------------------------------------------- reading attributes

/** The attributes of the first group with this tag, by name. */
export function groupAttributes(res: IppResponse, tag: number): Map<string, IppAttribute> {
  const map = new Map<string, IppAttribute>();
  for (const group of res.groups) {
    if (group.tag !== tag) continue;
    for (const a of group.attributes) map.set(a.name, a);
    break;
  }
  return map;
}

/** Every group with this tag (Get-Jobs answers one job group per job). */
export function allGroups(res: IppResponse, tag: number): Map<string, IppAttribute>[] {
  return res.groups.filter((g) => g.tag === tag).map((g) => new Map(g.attributes.map((a) => [a.name, a] as const)));
}

export function stringValues(attrs: Map<string, IppAttribute>, name: string): string[] {
  return (attrs.get(name)?.values ?? []).filter((v): v is string => typeof v === "string");
}

export function numberValue(attrs: Map<string, IppAttribute>, name: string): number | undefined {
  const v = attrs.get(name)?.values[0];
  return typeof v === "number" ? v : undefined;
}
