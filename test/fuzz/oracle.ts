// The fuzz oracle: compile() must return an artifact whose host bytes validate (and compile)
// or throw CompileError; UnsupportedError is tolerated and counted; anything else is a bug.
import { compile } from '../../winch/index.js';
import { CompileError, UnsupportedError } from '../../winch/compile-error.js';

export type Outcome =
  | { readonly kind: 'compiled'; readonly hostBytes: Uint8Array<ArrayBuffer> }
  | { readonly kind: 'compile-error'; readonly error: CompileError }
  | { readonly kind: 'unsupported'; readonly feature: string }
  | { readonly kind: 'failure'; readonly reason: string };

const describe = (e: unknown): string =>
  e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 8).join('\n')}` : `non-Error thrown: ${String(e)}`;

/** Host modules up to this size are also compiled by the host engine, not just validated. */
const HOST_COMPILE_LIMIT = 64 * 1024;

export const classify = (input: Uint8Array): Outcome => {
  let artifact: ReturnType<typeof compile>;
  try {
    artifact = compile(input.slice());
  } catch (e) {
    if (e instanceof CompileError) return { kind: 'compile-error', error: e };
    if (e instanceof UnsupportedError) return { kind: 'unsupported', feature: e.feature };
    return { kind: 'failure', reason: describe(e) };
  }
  const host = artifact.hostBytes;
  if (!(host instanceof Uint8Array)) return { kind: 'failure', reason: 'artifact.hostBytes is not a Uint8Array' };
  if (!WebAssembly.validate(host)) {
    let why = 'WebAssembly.validate(hostBytes) is false';
    try { new WebAssembly.Module(host); } catch (e) { why += `: ${e instanceof Error ? e.message : String(e)}`; }
    return { kind: 'failure', reason: `invalid host module: ${why}` };
  }
  if (host.length <= HOST_COMPILE_LIMIT) {
    try { new WebAssembly.Module(host); } catch (e) { return { kind: 'failure', reason: `host module does not compile: ${describe(e)}` }; }
  }
  return { kind: 'compiled', hostBytes: host };
};

/** Outcome counts for one fuzz campaign, plus the first few failures. */
export class Tally {
  readonly counts = { inputs: 0, compiled: 0, compileError: 0, unsupported: 0, failure: 0 };
  readonly unsupportedFeatures = new Map<string, number>();
  readonly failures: { readonly label: string; readonly input: Uint8Array; readonly reason: string }[] = [];
  /** Disagreements with the host engine's own validator (reported, not failed, unless strict). */
  readonly disagreements: { readonly label: string; readonly input: Uint8Array; readonly note: string }[] = [];

  record(label: string, input: Uint8Array, o: Outcome): Outcome {
    this.counts.inputs++;
    if (o.kind === 'compiled') this.counts.compiled++;
    else if (o.kind === 'compile-error') this.counts.compileError++;
    else if (o.kind === 'unsupported') {
      this.counts.unsupported++;
      this.unsupportedFeatures.set(o.feature, (this.unsupportedFeatures.get(o.feature) ?? 0) + 1);
    } else {
      this.counts.failure++;
      if (this.failures.length < 20) this.failures.push({ label, input, reason: o.reason });
    }
    return o;
  }
}
