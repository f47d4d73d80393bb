// Hex dump of a fuzz input for failure messages (offset, 16 bytes a line, truncated).
export const hexdump = (bytes: Uint8Array, maxBytes = 512): string => {
  const lines: string[] = [];
  const n = Math.min(bytes.length, maxBytes);
  for (let off = 0; off < n; off += 16) {
    const row = Array.from(bytes.subarray(off, Math.min(off + 16, n)), (b) => b.toString(16).padStart(2, '0'));
    lines.push(`${off.toString(16).padStart(6, '0')}  ${row.join(' ')}`);
  }
  if (bytes.length > n) lines.push(`... (${bytes.length - n} more bytes)`);
  return lines.join('\n');
};
