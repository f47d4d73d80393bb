import { readFileSync } from 'node:fs';
import wabtInit from 'wabt';
import { compile } from '/work/main/winch/index.js';
const wabt = await wabtInit();
const bytes = new Uint8Array(readFileSync(process.argv[2]!));
const a = compile(bytes);
const m = wabt.readWasm(a.hostBytes, { readDebugNames: true, multi_value: true, bulk_memory: true, reference_types: true, sat_float_to_int: true, sign_extension: true });
console.log(m.toText({ foldExprs: false }));
