// A second validator (wabt, via its npm package) to confirm disagreements between Windlass and
// the host engine, which lacks some post-2.0 features and accepts legacy exception opcodes.
import wabtInit from 'wabt';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabt: Wabt | undefined;

export const initSecondOpinion = async (): Promise<void> => {
  wabt ??= await wabtInit();
};

type Features = Readonly<Record<string, boolean>>;

const ALL: Features = {
  multi_memory: true, exceptions: true, mutable_globals: true, sat_float_to_int: true, sign_extension: true, simd: true,
  threads: true, function_references: true, multi_value: true, tail_call: true, bulk_memory: true,
  reference_types: true, gc: true, memory64: true, extended_const: true, relaxed_simd: true,
};
/** Wasm 2.0 plus extended-const: what Windlass compiles without UnsupportedError. */
const WASM2: Features = {
  mutable_globals: true, sat_float_to_int: true, sign_extension: true, multi_value: true,
  bulk_memory: true, reference_types: true, extended_const: true,
};

const valid = (bytes: Uint8Array, features: Features): boolean => {
  if (!wabt) throw new Error('initSecondOpinion() first');
  let mod: ReturnType<Wabt['readWasm']> | undefined;
  try {
    mod = wabt.readWasm(bytes, { readDebugNames: false, check: true, ...features });
    // validate() takes the feature set too (missing from wabt's typings); without it, defaults apply
    (mod.validate as (features: Features) => void)(features);
    return true;
  } catch {
    return false;
  } finally {
    mod?.destroy();
  }
};

/** wabt accepts it with every feature it knows. */
export const wabtValidAnyFeature = (bytes: Uint8Array): boolean => valid(bytes, ALL);
/** wabt accepts it as a Wasm 2.0 (+ extended-const) module. */
export const wabtValidWasm2 = (bytes: Uint8Array): boolean => valid(bytes, WASM2);
