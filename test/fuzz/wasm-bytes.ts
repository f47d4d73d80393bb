// Minimal binary helpers for structure-aware fuzzing: LEB128 encoding, splitting a module
// into sections and a code section into bodies, and re-encoding them with fixed-up sizes.
export const HEADER = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);

export const uleb = (value: number): number[] => {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
};

export const sleb = (value: number): number[] => {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};

/** Reads an unsigned LEB128 at pos; null when malformed or past the end. */
export const readUleb = (bytes: Uint8Array, pos: number): { value: number; next: number } | null => {
  let result = 0;
  for (let shift = 0, p = pos; shift < 35; shift += 7, p++) {
    if (p >= bytes.length) return null;
    const b = bytes[p]!;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return { value: result, next: p + 1 };
  }
  return null;
};

export interface Section { readonly id: number; payload: Uint8Array; }

/** Splits a well-formed module into sections; null if the section structure is broken. */
export const splitSections = (bytes: Uint8Array): Section[] | null => {
  if (bytes.length < 8) return null;
  const out: Section[] = [];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos]!;
    const size = readUleb(bytes, pos + 1);
    if (!size || size.next + size.value > bytes.length) return null;
    out.push({ id, payload: bytes.slice(size.next, size.next + size.value) });
    pos = size.next + size.value;
  }
  return out;
};

export const concat = (parts: readonly (Uint8Array | readonly number[])[]): Uint8Array => {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
};

export const encodeSection = (s: Section): Uint8Array => concat([[s.id], uleb(s.payload.length), s.payload]);

export const joinSections = (sections: readonly Section[]): Uint8Array =>
  concat([HEADER, ...sections.map(encodeSection)]);

/** Splits a code section payload into its function bodies (without size prefixes). */
export const splitBodies = (payload: Uint8Array): Uint8Array[] | null => {
  const count = readUleb(payload, 0);
  if (!count) return null;
  const bodies: Uint8Array[] = [];
  let pos = count.next;
  for (let i = 0; i < count.value; i++) {
    const size = readUleb(payload, pos);
    if (!size || size.next + size.value > payload.length) return null;
    bodies.push(payload.slice(size.next, size.next + size.value));
    pos = size.next + size.value;
  }
  return pos === payload.length ? bodies : null;
};

export const joinBodies = (bodies: readonly Uint8Array[]): Uint8Array =>
  concat([uleb(bodies.length), ...bodies.flatMap((b) => [uleb(b.length), b])]);

export const slebBig = (value: bigint): number[] => {
  const out: number[] = [];
  let v = BigInt.asIntN(64, value);
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};

export const nameBytes = (s: string): number[] => {
  const b = new TextEncoder().encode(s);
  return [...uleb(b.length), ...b];
};

/** A vector: count then the concatenated items. */
export const vec = (items: readonly (readonly number[])[]): number[] => [...uleb(items.length), ...items.flat()];
