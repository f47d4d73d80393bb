/**
 * Serialized compiled modules: a `CompiledArtifact` (plain data) plus its host module bytes in
 * one versioned byte string, and the checks that reject one produced by another Windlass
 * version, artifact format, ABI or engine configuration.
 *
 * Layout (little-endian): magic `\0wla`, u32 format, u32 JSON length, u32 blob-area length, the
 * JSON (header + artifact, binary fields replaced by `[offset, length, type]` references into the
 * blob area), padding to 8, then the blob area (each binary field 8-aligned).
 */
import type { CompiledArtifact, OffsetMapEntry } from '../abi/artifact.js';
import { BUILTINS } from '../abi/builtins.js';
import type { Tunables } from '../abi/tunables.js';
import { WINDLASS_VERSION } from './version.js';

/** Bumped whenever the artifact's shape or meaning changes. */
export const ARTIFACT_FORMAT = 2;

const MAGIC = [0x00, 0x77, 0x6c, 0x61] as const; // "\0wla"

/** A serialized module cannot be used by this Windlass / engine. */
export class DeserializeError extends Error {
  override readonly name = 'DeserializeError';
}

/** What a serialized module promises about where it came from. */
export interface ArtifactHeader {
  readonly windlass: string;
  readonly format: number;
  /** Fingerprint of the runtime ABI the host module imports (builtins and their signatures). */
  readonly abi: string;
  readonly tunables: Tunables;
}

/** 32-bit FNV-1a of a string, as 8 hex digits. */
const fnv1a = (s: string): string => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
};

/** Fingerprint of the builtin ABI (a new or changed builtin invalidates old artifacts). */
export const abiFingerprint = (): string => (abiFingerprintCache ??= fnv1a(JSON.stringify(BUILTINS)));
let abiFingerprintCache: string | undefined;

const TYPED = { u8: Uint8Array, i32: Int32Array, u32: Uint32Array, f64: Float64Array } as const;
type TypedName = keyof typeof TYPED;
const typedName = (v: ArrayBufferView): TypedName | undefined =>
  v instanceof Uint8Array ? 'u8' : v instanceof Int32Array ? 'i32' : v instanceof Uint32Array ? 'u32'
    : v instanceof Float64Array ? 'f64' : undefined;

/** Stable JSON of the tunables (sorted keys), for comparison and messages. */
const tunablesKey = (t: Tunables): string =>
  JSON.stringify(Object.fromEntries(Object.entries(t).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

const align8 = (n: number): number => (n + 7) & ~7;

/** Encodes `artifact` (and its host bytes) as one byte string. */
export const encodeArtifact = (artifact: CompiledArtifact): Uint8Array<ArrayBuffer> => {
  const blobs: Uint8Array[] = [];
  let blobBytes = 0;
  const blobRef = (value: ArrayBufferView): { $blob: [number, number, TypedName] } => {
    const type = typedName(value);
    if (type === undefined) throw new TypeError(`serialize: unsupported binary field ${value.constructor.name}`);
    const ref = { $blob: [blobBytes, value.byteLength, type] as [number, number, TypedName] };
    blobs.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    blobBytes = align8(blobBytes + value.byteLength);
    return ref;
  };
  const replacer = function (this: unknown, key: string, converted: unknown): unknown {
    // the holder's own value: JSON.stringify applies `toJSON` first, which turns a Node Buffer
    // (custom sections of a module compiled from one) into a `{type, data: [...]}` number array
    const value = (this as Record<string, unknown>)[key];
    if (typeof value === 'bigint') return { $big: value.toString() };
    if (value instanceof Map) return { $map: [...value.entries()] };
    if (ArrayBuffer.isView(value)) return blobRef(value);
    if (key === 'offsetMap' && Array.isArray(value)) return { $offsets: packOffsetMap(value as OffsetMapEntry[], blobRef) };
    return converted;
  };
  const header: ArtifactHeader = { windlass: WINDLASS_VERSION, format: ARTIFACT_FORMAT, abi: abiFingerprint(), tunables: artifact.tunables };
  const json = new TextEncoder().encode(JSON.stringify({ header, artifact }, replacer));
  const blobStart = align8(16 + json.length);
  const out = new Uint8Array(blobStart + blobBytes);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, ARTIFACT_FORMAT, true);
  view.setUint32(8, json.length, true);
  view.setUint32(12, blobBytes, true);
  out.set(json, 16);
  let at = blobStart;
  for (const b of blobs) {
    out.set(b, at);
    at = blobStart + align8(at - blobStart + b.length);
  }
  return out;
};

/** Where the binary fields of an artifact being decoded live: `length` bytes at `start` of `buffer` (8-aligned). */
class BlobArea {
  constructor(readonly buffer: ArrayBuffer, readonly start: number, readonly length: number) {}
}

/**
 * The offset map as two binary fields instead of one JSON object per function (most of a big
 * module's metadata otherwise): `[hostFunc, guestFunc, start, length]` per function, and every
 * function's entries back to back.
 */
const packOffsetMap = <R>(map: readonly OffsetMapEntry[], blobRef: (v: ArrayBufferView) => R): [R, R] => {
  const index = new Int32Array(4 * map.length);
  let total = 0;
  for (const e of map) total += e.entries.length;
  const entries = new Int32Array(total);
  let at = 0;
  map.forEach((e, i) => {
    index.set([e.hostFunc, e.guestFunc, at, e.entries.length], 4 * i);
    entries.set(e.entries, at);
    at += e.entries.length;
  });
  return [blobRef(index), blobRef(entries)];
};

/** Rebuilds the offset map from `packOffsetMap`'s fields (entries are views of the blob area). */
const unpackOffsetMap = (index: Int32Array, entries: Int32Array): OffsetMapEntry[] => {
  if (index.length % 4 !== 0) fail('corrupt offset map');
  const map: OffsetMapEntry[] = [];
  for (let i = 0; i < index.length; i += 4) {
    const start = index[i + 2]!, length = index[i + 3]!;
    if (start < 0 || length < 0 || start + length > entries.length) fail('corrupt offset map');
    map.push({ hostFunc: index[i]!, guestFunc: index[i + 1]!, entries: entries.subarray(start, start + length) });
  }
  return map;
};

/** Replaces `{$big}`, `{$map}`, `{$blob}` and `{$offsets}` markers in parsed JSON, in place where possible. */
const revive = (v: unknown, blobs: BlobArea): unknown => {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i], blobs);
    return v;
  }
  const o = v as Record<string, unknown>;
  if (typeof o['$big'] === 'string') return BigInt(o['$big']);
  if (Array.isArray(o['$map'])) return new Map((o['$map'] as [unknown, unknown][]).map(([k, x]) => [k, revive(x, blobs)]));
  if (Array.isArray(o['$offsets'])) {
    const [index, entries] = (o['$offsets'] as unknown[]).map((x) => revive(x, blobs));
    if (!(index instanceof Int32Array) || !(entries instanceof Int32Array)) return fail('corrupt offset map');
    return unpackOffsetMap(index, entries);
  }
  if (Array.isArray(o['$blob'])) {
    const [offset, length, type] = o['$blob'] as [number, number, TypedName];
    const Ctor = TYPED[type] ?? fail(`unknown binary field type ${String(type)}`);
    if (offset + length > blobs.length || offset % 8 !== 0 || length % Ctor.BYTES_PER_ELEMENT !== 0) fail('binary field outside the blob area');
    return new Ctor(blobs.buffer, blobs.start + offset, length / Ctor.BYTES_PER_ELEMENT);
  }
  for (const k of Object.keys(o)) o[k] = revive(o[k], blobs);
  return o;
};

const fail = (msg: string): never => { throw new DeserializeError(`cannot deserialize module: ${msg}`); };

/**
 * Decodes bytes from `encodeArtifact`, checking magic, format, Windlass version, ABI and that
 * the artifact was compiled with exactly `tunables`. Throws `DeserializeError` naming the mismatch.
 */
export const decodeArtifact = (bytes: Uint8Array, tunables: Tunables): CompiledArtifact => {
  if (bytes.length < 16 || MAGIC.some((b, i) => bytes[i] !== b)) fail('not a serialized Windlass module (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint32(4, true);
  if (format !== ARTIFACT_FORMAT) fail(`artifact format ${format}, this Windlass ${WINDLASS_VERSION} reads format ${ARTIFACT_FORMAT}`);
  const jsonLen = view.getUint32(8, true);
  const blobLen = view.getUint32(12, true);
  const blobStart = align8(16 + jsonLen);
  if (blobStart + blobLen !== bytes.length) fail(`truncated or padded (${bytes.length} bytes, expected ${blobStart + blobLen})`);
  let parsed: { header?: ArtifactHeader; artifact?: unknown };
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + jsonLen))) as typeof parsed;
  } catch (e) {
    return fail(`corrupt metadata (${(e as Error).message})`);
  }
  const h = parsed.header;
  if (!h || typeof h.windlass !== 'string' || typeof parsed.artifact !== 'object') return fail('missing header');
  if (h.windlass !== WINDLASS_VERSION) fail(`produced by Windlass ${h.windlass}, this is Windlass ${WINDLASS_VERSION}`);
  if (h.abi !== abiFingerprint()) fail(`produced for runtime ABI ${h.abi}, this runtime has ABI ${abiFingerprint()}`);
  if (tunablesKey(h.tunables) !== tunablesKey(tunables)) {
    fail(`compiled with engine configuration ${tunablesKey(h.tunables)}, this engine has ${tunablesKey(tunables)}`);
  }
  // Binary fields are views of the blob area: of `bytes` itself when it is 8-aligned there (no
  // copy: the caller hands the bytes over and must not modify them), else of one aligned copy.
  const start = bytes.byteOffset + blobStart;
  const blobs = start % 8 === 0 && bytes.buffer instanceof ArrayBuffer
    ? new BlobArea(bytes.buffer, start, blobLen)
    : new BlobArea(bytes.slice(blobStart).buffer, 0, blobLen);
  return revive(parsed.artifact, blobs) as CompiledArtifact;
};
