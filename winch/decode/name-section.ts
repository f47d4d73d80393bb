/**
 * Lenient reader of the `name` custom section: module name (subsection 0) and
 * function names (subsection 1). A malformed name section never fails a module.
 */
import { BinaryReader } from './reader.js';

/** What the name section says; fields absent when missing or malformed. */
export interface NameSectionInfo {
  moduleName?: string;
  funcNames?: Map<number, string>;
}

/**
 * Parses the payload of a `name` custom section (after its name). Each subsection is
 * taken only when it decodes completely; anything malformed is ignored.
 */
export function readNameSection(payload: Uint8Array): NameSectionInfo {
  const out: NameSectionInfo = {};
  const r = new BinaryReader(payload);
  try {
    while (!r.eof) {
      const id = r.u8();
      const size = r.len32();
      const end = r.pos + size;
      if (end > r.end) return out;
      const sub = new BinaryReader(payload, r.pos, end);
      r.pos = end;
      try {
        if (id === 0 && out.moduleName === undefined) {
          const name = sub.name();
          if (sub.eof) out.moduleName = name;
        } else if (id === 1 && out.funcNames === undefined) {
          const n = sub.len32();
          const names = new Map<number, string>();
          for (let i = 0; i < n; i++) {
            const index = sub.u32();
            const name = sub.name();
            if (!names.has(index)) names.set(index, name);
          }
          if (sub.eof) out.funcNames = names;
        }
      } catch {
        // A malformed subsection is skipped; the others still count.
      }
    }
  } catch {
    // Malformed subsection framing: keep what was read so far.
  }
  return out;
}
