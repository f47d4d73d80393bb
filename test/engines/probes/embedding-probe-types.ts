/** The JSON input and output of the embedding probe (shared by the probe and its test). */

export interface EmbeddingProbeInput {
  /** Spec scripts: commands and their module files (base64 by file name). */
  readonly spec: readonly { readonly id: string; readonly commands: readonly unknown[]; readonly modules: Readonly<Record<string, string>> }[];
  /** WASI programs, run on an in-memory file system preopened as `preopen` holding `files` (UTF-8). */
  readonly wasi: readonly {
    readonly name: string;
    readonly wasm: string;
    readonly args: readonly string[];
    readonly env: Readonly<Record<string, string>>;
    readonly stdin: string;
    readonly preopen?: string;
    readonly files?: Readonly<Record<string, string>>;
  }[];
  /** The API guest (base64; see embedding-engines.test.ts for what it exports). */
  readonly api: { readonly guest: string };
}

/** What a WASI program did. */
export interface WasiRunOutput {
  readonly name: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Every file left in the file system (path → UTF-8 text). */
  readonly files: Readonly<Record<string, string>>;
  readonly error?: string;
}

export interface EmbeddingProbeOutput {
  readonly spec: readonly { readonly id: string; readonly passed: number; readonly failed: number; readonly skipped: number; readonly failures: readonly string[] }[];
  readonly wasi: readonly WasiRunOutput[];
  /** API check name → result as exact text. */
  readonly api: Readonly<Record<string, string>>;
}
