/**
 * Global: handle on a host `WebAssembly.Global` holding a guest global's value
 * (guest-defined ones are exported by the host module; others are created here).
 */
import { HostWebAssembly } from './host-wasm.js';
import { ValType, valTypeName } from '../abi/types.js';
import type { GlobalType, ValType as ValTypeT } from '../abi/types.js';
import type { Store } from './store.js';
import { getGlobalRaw, setGlobalRaw } from './raw-call.js';
import { fromHostValue, toHostValue } from './values.js';

/** Host descriptor value name of a guest value type. */
export const hostValueTypeName = (t: ValTypeT): WebAssembly.ValueType => {
  switch (t) {
    case ValType.i32: return 'i32';
    case ValType.i64: return 'i64';
    case ValType.f32: return 'f32';
    case ValType.f64: return 'f64';
    case ValType.funcref: return 'anyfunc';
    case ValType.externref: return 'externref';
    default: throw new TypeError(`globals of type ${valTypeName(t)} cannot be created from JavaScript`);
  }
};

/** A global variable. */
export class Global {
  private constructor(
    /** The store the handle belongs to. */
    readonly store: Store,
    /** The global's type. */
    readonly type: GlobalType,
    /** The host global the compiled code reads and writes. */
    readonly hostGlobal: WebAssembly.Global,
  ) {}

  /** Creates a global of `type` holding `value` (an API value: i64 as bigint, funcref as `Func | null`). */
  static new(store: Store, type: GlobalType, value: unknown): Global {
    const host = toHostValue(type.type, value, () => `initial value of global ${formatType(type)}`);
    const hostGlobal = new HostWebAssembly.Global({ value: hostValueTypeName(type.type), mutable: type.mutable }, host);
    return Global.fromHostGlobal(store, hostGlobal, type);
  }

  /** @internal the store's handle for `hostGlobal` (created on first sight). */
  static fromHostGlobal(store: Store, hostGlobal: WebAssembly.Global, type: GlobalType): Global {
    let g = store.globalHandles.get(hostGlobal);
    if (!g) {
      g = new Global(store, type, hostGlobal);
      store.globalHandles.set(hostGlobal, g);
    }
    return g;
  }

  /** The current value as an API value (v128: 16 bytes, read through a raw getter). */
  get value(): unknown {
    if (this.type.type === ValType.v128) return v128Bytes((getGlobalRaw(this) as { bits: bigint }).bits);
    return fromHostValue(this.store, this.type.type, this.hostGlobal.value);
  }

  /** Sets the value; throws TypeError for an immutable global or a value of the wrong type. */
  set value(v: unknown) {
    if (!this.type.mutable) throw new TypeError(`cannot set immutable global ${formatType(this.type)}`);
    const host = toHostValue(this.type.type, v, () => `value of global ${formatType(this.type)}`);
    if (this.type.type === ValType.v128) setGlobalRaw(this, v128Bits(host as Uint8Array));
    else this.hostGlobal.value = host;
  }
}

/** 16 bytes (lane 0 first) ↔ the v128's bits as an unsigned 128-bit integer (little-endian). */
const v128Bytes = (bits: bigint): Uint8Array => {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number((bits >> BigInt(8 * i)) & 0xffn);
  return out;
};
const v128Bits = (bytes: Uint8Array): bigint => bytes.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);

const formatType = (t: GlobalType): string => (t.mutable ? `(mut ${valTypeName(t.type)})` : valTypeName(t.type));
