/**
 * Sizes of a guest module's parts: the code section payload (what the compiler translates) and
 * everything outside custom sections (debug info and names are not carried into the host module).
 */

/** Section sizes of a module, in bytes. */
export interface WasmSizes {
  readonly total: number;
  /** Payload of the code section (0 when there is none). */
  readonly code: number;
  /** Header plus every non-custom section, headers included. */
  readonly nonCustom: number;
}

const readUleb = (b: Uint8Array, pos: number): [value: number, next: number] => {
  let value = 0;
  for (let shift = 0; pos < b.length; shift += 7) {
    const byte = b[pos++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
  }
  return [value, pos];
};

/** Walks the section headers of `bytes` (a malformed tail ends the walk; sizes are then lower bounds). */
export const wasmSizes = (bytes: Uint8Array): WasmSizes => {
  let nonCustom = Math.min(8, bytes.length);
  let code = 0;
  for (let pos = 8; pos < bytes.length;) {
    const id = bytes[pos]!;
    const [size, start] = readUleb(bytes, pos + 1);
    if (start + size > bytes.length) break;
    if (id !== 0) nonCustom += start - pos + size;
    if (id === 10) code = size;
    pos = start + size;
  }
  return { total: bytes.length, code, nonCustom };
};
