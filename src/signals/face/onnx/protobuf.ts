// A minimal Protocol Buffers writer: varints, 32-bit floats and length-delimited fields, enough to
// encode ONNX's ModelProto (onnx-graph.ts). Fields are written in the order they are added.

/** Bytes of one message under construction. */
export class ProtoWriter {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  /** A varint field (wire type 0): int32, int64, enum, bool. */
  varint(field: number, value: number | bigint): this {
    this.#tag(field, 0);
    this.#varint(BigInt.asUintN(64, BigInt(value)));
    return this;
  }

  /** A float field (wire type 5). */
  float(field: number, value: number): this {
    this.#tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.#push(b);
    return this;
  }

  /** A length-delimited field (wire type 2): bytes, a UTF-8 string or an embedded message. */
  bytes(field: number, value: Uint8Array | string | ProtoWriter): this {
    const b = typeof value === 'string' ? new TextEncoder().encode(value) : value instanceof ProtoWriter ? value.finish() : value;
    this.#tag(field, 2);
    this.#varint(BigInt(b.length));
    this.#push(b);
    return this;
  }

  /** A packed repeated varint field. */
  packedVarints(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.#varint(BigInt.asUintN(64, BigInt(v)));
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated float field. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const b = new Uint8Array(values.length * 4);
    const view = new DataView(b.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
    return this.bytes(field, b);
  }

  /** The message's bytes. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let o = 0;
    for (const c of this.#chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }

  #tag(field: number, wire: number): void {
    this.#varint(BigInt(field * 8 + wire));
  }

  #varint(v: bigint): void {
    const out: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      out.push(byte);
    } while (v > 0n);
    this.#push(Uint8Array.from(out));
  }

  #push(b: Uint8Array): void {
    this.#chunks.push(b);
    this.#length += b.length;
  }
}
