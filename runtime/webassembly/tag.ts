/**
 * Minimal `WebAssembly.Tag` / `WebAssembly.Exception` stand-ins: they construct, so feature
 * probes and glue that only references them work, and every use throws "unsupported".
 */

const unsupported = (what: string): Error =>
  new TypeError(`${what}: exception handling is not supported by Windlass yet`);

/** Stand-in for `WebAssembly.Tag` (exception handling is not supported). */
export class Tag {
  constructor(readonly descriptor: { readonly parameters: readonly string[] }) {}
  /** Always throws: tags cannot be used. */
  type(): never { throw unsupported('WebAssembly.Tag.type()'); }
  get [Symbol.toStringTag](): string { return 'WebAssembly.Tag'; }
}

/** Stand-in for `WebAssembly.Exception` (exception handling is not supported). */
export class Exception {
  constructor(readonly tag: Tag, readonly payload: readonly unknown[] = [], readonly options?: { traceStack?: boolean }) {}
  /** Always throws: exception payloads cannot be read. */
  getArg(_tag: Tag, _index: number): never { throw unsupported('WebAssembly.Exception.getArg()'); }
  /** Always throws: exception tags cannot be tested. */
  is(_tag: Tag): never { throw unsupported('WebAssembly.Exception.is()'); }
}
