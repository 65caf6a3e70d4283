import DecodeStream from "pdf-lib/cjs/core/streams/DecodeStream";

export interface DecodeBudget {
  /** bytes the decoders have grown their buffers to so far */
  readonly used: number;
  /** set once a decoder asked for more than the budget; stays set even if pdf-lib swallowed the error */
  readonly exceeded: boolean;
}

export class DecodeBudgetExceeded extends Error {}

/**
 * Caps what pdf-lib's stream decoders (Flate, LZW, ASCII85, ASCIIHex, RunLength: all grow one
 * buffer through DecodeStream.ensureBuffer) may expand to, summed over every stream of the
 * document. A decompression bomb (a small object stream inflating to hundreds of MB) stops at the
 * cap instead of growing ArrayBuffers, which a worker's heap limit does not count.
 * Patches the class for the whole thread: an inspection worker checks one document and exits.
 */
export function limitDecodedBytes(maxBytes: number): DecodeBudget {
  const budget = { used: 0, exceeded: false };
  const proto = DecodeStream.prototype as unknown as {
    ensureBuffer(requested: number): Uint8Array;
    buffer: Uint8Array;
    minBufferLength: number;
  };
  const original = proto.ensureBuffer;
  proto.ensureBuffer = function ensureBuffer(this: typeof proto, requested: number): Uint8Array {
    const have = this.buffer.byteLength;
    if (requested > have) {
      let size = this.minBufferLength;
      while (size < requested) size *= 2;
      if (budget.exceeded || budget.used + (size - have) > maxBytes) {
        budget.exceeded = true;
        throw new DecodeBudgetExceeded(`decoded streams exceed ${maxBytes} bytes`);
      }
      budget.used += size - have;
    }
    return original.call(this, requested);
  };
  return budget;
}
