/** The JSON input and output of the guest-runner probe (shared by the probe and the tests). */

/** One call: bytes written to the guest's memory, the call, bytes read back. */
export interface GuestCall {
  /** Name of the guest (`GuestRunInput.guests[].name`). */
  readonly guest: string;
  readonly export: string;
  /** Arguments: numbers, or decimal strings ending in `n` for i64. */
  readonly args?: readonly (number | string)[];
  /** Exported memory to write/read (default `memory`). */
  readonly memory?: string;
  readonly write?: readonly { readonly offset: number; readonly hex: string }[];
  readonly read?: readonly { readonly offset: number; readonly length: number }[];
}

export interface GuestRunInput {
  /** Guest modules, base64. Each is instantiated once per mode, without imports. */
  readonly guests: readonly { readonly name: string; readonly wasm: string }[];
  readonly calls: readonly GuestCall[];
  /** Options for Windlass's `createWebAssembly` (JSON-able, e.g. tunables). */
  readonly options?: Record<string, unknown>;
  /** Also run on the engine's own `WebAssembly`. */
  readonly native?: boolean;
}

/** A call's result (`value` exact text, `read` hex per read range), trap code, or error. */
export interface CallOutcome {
  readonly value?: string;
  readonly read?: readonly string[];
  readonly trap?: string;
  readonly error?: string;
}

/** All calls of one mode, or why the mode could not run (e.g. the engine lacks a feature). */
export interface ModeOutcome {
  readonly calls?: readonly CallOutcome[];
  readonly unsupported?: string;
}

export interface GuestRunOutput {
  /** Engine name and version as seen from inside. */
  readonly engine: string;
  readonly windlass: ModeOutcome;
  readonly native?: ModeOutcome;
}
