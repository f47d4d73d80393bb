/**
 * The host engine's own `WebAssembly` namespace, captured once at load time so the
 * runtime keeps working when the Windlass facade is installed as `globalThis.WebAssembly`.
 */
export const HostWebAssembly: typeof WebAssembly = globalThis.WebAssembly;
