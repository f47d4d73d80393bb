// Bytes of a guest module outside custom sections (debug info dominates some Sightglass
// binaries, and the host module does not carry it), for a fair output/input size ratio.
const readUleb = (b: Uint8Array, pos: number): [value: number, next: number] => {
  let value = 0;
  for (let shift = 0; pos < b.length; shift += 7) {
    const byte = b[pos++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
  }
  return [value, pos];
};

export const nonCustomBytes = (bytes: Uint8Array): number => {
  let total = Math.min(8, bytes.length);
  for (let pos = 8; pos < bytes.length;) {
    const id = bytes[pos]!;
    const [size, start] = readUleb(bytes, pos + 1);
    if (id !== 0) total += start - pos + size;
    pos = start + size;
  }
  return total;
};
