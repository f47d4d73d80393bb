/**
 * Test helper: assembles WebAssembly text with the wabt npm package (debug names on) and
 * appends custom sections, for the facade tests.
 */
import wabtInit from 'wabt';

const wabt = await wabtInit();

/** Assembles `text` to a binary module. */
export const wat = (text: string): Uint8Array<ArrayBuffer> => {
  const mod = wabt.parseWat('test.wat', text, { multi_value: true, reference_types: true });
  try {
    mod.validate();
    return new Uint8Array(mod.toBinary({ write_debug_names: true }).buffer);
  } finally {
    mod.destroy();
  }
};

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};

/** Returns `bytes` with a custom section `name` holding `payload` appended. */
export const withCustomSection = (bytes: Uint8Array, name: string, payload: readonly number[]): Uint8Array<ArrayBuffer> => {
  const nameBytes = [...new TextEncoder().encode(name)];
  const body = [...leb(nameBytes.length), ...nameBytes, ...payload];
  return new Uint8Array([...bytes, 0, ...leb(body.length), ...body]);
};
