// Input generators for compile() fuzzing: byte-level mutations of valid modules, random
// bytes with and without the header, and structure-aware mutations (section / body level).
import type { Rng } from './prng.js';
import { HEADER, concat, joinBodies, joinSections, splitBodies, splitSections, uleb } from './wasm-bytes.js';

/** Byte values that often sit on decoder boundaries (LEB continuation, type codes, opcodes). */
const INTERESTING = [0x00, 0x01, 0x02, 0x0b, 0x40, 0x41, 0x60, 0x6f, 0x70, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0xfc, 0xfd, 0xff];

export const flipBits = (rng: Rng, input: Uint8Array, flips: number): Uint8Array => {
  const out = input.slice();
  if (out.length === 0) return out;
  for (let i = 0; i < flips; i++) out[rng.int(out.length)]! ^= 1 << rng.int(8);
  return out;
};

/** One random edit: overwrite, insert, delete, duplicate or drop a range, LEB-ify a byte. */
export const mutateOnce = (rng: Rng, input: Uint8Array, donor?: Uint8Array): Uint8Array => {
  const n = input.length;
  const at = rng.int(n + 1);
  switch (rng.int(8)) {
    case 0: { // overwrite with an interesting or random byte
      if (n === 0) return input;
      const out = input.slice();
      out[Math.min(at, n - 1)] = rng.chance(0.6) ? rng.pick(INTERESTING) : rng.u32() & 0xff;
      return out;
    }
    case 1: // insert bytes
      return concat([input.subarray(0, at), rng.bytes(rng.range(1, 4)), input.subarray(at)]);
    case 2: // delete a range
      return concat([input.subarray(0, at), input.subarray(Math.min(n, at + rng.range(1, 8)))]);
    case 3: { // duplicate a range in place
      const len = rng.range(1, 16);
      return concat([input.subarray(0, at + len), input.subarray(at, at + len), input.subarray(at + len)]);
    }
    case 4: { // set the LEB continuation bit (lengthens or breaks a LEB)
      if (n === 0) return input;
      const out = input.slice();
      out[Math.min(at, n - 1)]! |= 0x80;
      return out;
    }
    case 5: { // splice a chunk of another module
      const d = donor ?? input;
      const from = rng.int(d.length + 1);
      return concat([input.subarray(0, at), d.subarray(from, from + rng.range(1, 32)), input.subarray(at)]);
    }
    case 6: // truncate
      return input.slice(0, at);
    default: { // big value: 0xff.. run
      const out = input.slice();
      for (let i = at; i < Math.min(n, at + rng.range(1, 5)); i++) out[i] = 0xff;
      return out;
    }
  }
};

export const mutateMany = (rng: Rng, input: Uint8Array, donor?: Uint8Array): Uint8Array => {
  let out = input;
  for (let i = rng.range(1, 4); i > 0; i--) out = mutateOnce(rng, out, donor);
  return out;
};

/** Random bytes, without any header. */
export const randomBytes = (rng: Rng): Uint8Array => rng.bytes(rng.range(0, 64) + (rng.chance(0.2) ? rng.int(512) : 0));

/** The magic/version header followed by random sections with correct sizes, or by raw noise. */
export const randomWithHeader = (rng: Rng): Uint8Array => {
  if (rng.chance(0.3)) return concat([HEADER, rng.bytes(rng.int(128))]);
  const parts: (Uint8Array | number[])[] = [HEADER];
  for (let i = rng.range(1, 5); i > 0; i--) {
    const id = rng.chance(0.9) ? rng.int(13) : rng.u32() & 0xff;
    const payload = rng.bytes(rng.int(40));
    if (rng.chance(0.7) && payload.length > 0) payload[0] = rng.int(4); // small vector count
    parts.push([id], uleb(payload.length), payload);
  }
  return concat(parts);
};

/** Mutates the payload of one section and re-encodes its size, to get past the section framing. */
export const mutateSection = (rng: Rng, input: Uint8Array, donor?: Uint8Array): Uint8Array => {
  const sections = splitSections(input);
  if (!sections || sections.length === 0) return mutateMany(rng, input, donor);
  const s = rng.pick(sections);
  s.payload = rng.chance(0.5) ? flipBits(rng, s.payload, rng.range(1, 3)) : mutateMany(rng, s.payload);
  if (rng.chance(0.1)) sections.splice(rng.int(sections.length), 1); // drop a section
  if (rng.chance(0.05)) sections.reverse(); // wrong order
  return joinSections(sections);
};

/** Mutates one function body and re-encodes body and section sizes: exercises validate + codegen. */
export const mutateBody = (rng: Rng, input: Uint8Array, donor?: Uint8Array): Uint8Array => {
  const sections = splitSections(input);
  const code = sections?.find((s) => s.id === 10);
  const bodies = code ? splitBodies(code.payload) : null;
  if (!sections || !code || !bodies || bodies.length === 0) return mutateSection(rng, input, donor);
  const i = rng.int(bodies.length);
  bodies[i] = rng.chance(0.4) ? flipBits(rng, bodies[i]!, rng.range(1, 2)) : mutateMany(rng, bodies[i]!);
  code.payload = joinBodies(bodies);
  return joinSections(sections);
};
