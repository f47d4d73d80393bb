/**
 * Executes the commands of one spec script and returns a pass/fail/skip result per command.
 * Every command is caught on its own: nothing a guest (or a runtime bug) does ends the run.
 */
import { CompileError, Engine, LinkError, Module, Trap } from '../../index.js';
import type { SpecCommand, SpecScript } from './script.js';
import { ModuleUnavailable, ScriptState } from './state.js';
import { formatRaw, formatSpec, matchValue } from './values.js';
import type { SpecValue } from './values.js';

/** Outcome of one command. */
export type Outcome = 'pass' | 'fail' | 'skip';

/** Result of one command; `note` carries non-failing remarks (e.g. trap text mismatch). */
export interface CommandResult {
  readonly line: number;
  readonly type: string;
  readonly outcome: Outcome;
  readonly reason?: string;
  readonly note?: string;
}

/** Result of one script. */
export interface ScriptResult {
  readonly id: string;
  readonly folder: string;
  readonly results: readonly CommandResult[];
  /** Milliseconds spent. */
  readonly ms: number;
}

/** True for `assert_*` commands, the ones that are counted. */
export const isAssertion = (type: string): boolean => type.startsWith('assert_');

/** A failed expectation (as opposed to an unexpected error). */
class Mismatch extends Error {}

const describe = (e: unknown): string => {
  if (e instanceof ModuleUnavailable || e instanceof Mismatch) return e.message;
  if (e instanceof Error) return `${e.name}: ${e.message.split('\n')[0]}`;
  return `thrown non-error: ${String(e)}`;
};

const compile = (state: ScriptState, script: SpecScript, cmd: SpecCommand): Module =>
  Module.fromBytes(state.engine, script.readModule(cmd.filename!));

const expectResults = (state: ScriptState, cmd: SpecCommand): void => {
  const actual = state.perform(cmd.action!);
  const expected: readonly SpecValue[] = cmd.either ? [{ type: 'either', values: cmd.either }] : (cmd.expected ?? []);
  const ok = actual.length === expected.length && actual.every((a, i) => matchValue(a, expected[i]!, state.hostRefs));
  if (!ok) {
    throw new Mismatch(`got [${actual.map(formatRaw).join(' ')}], expected [${expected.map(formatSpec).join(' ')}]`);
  }
};

/** Runs the action; it must throw a Trap (with code `code` if given). Returns a note on text mismatch. */
const expectTrap = (state: ScriptState, cmd: SpecCommand, code?: string): string | undefined => {
  let results;
  try {
    results = state.perform(cmd.action!);
  } catch (e) {
    if (!(e instanceof Trap)) throw e;
    if (code !== undefined && e.code !== code) throw new Mismatch(`expected trap ${code}, got trap ${e.code}: ${e.message}`);
    return textNote(cmd.text, e.message);
  }
  throw new Mismatch(`expected trap "${cmd.text ?? ''}", got [${results.map(formatRaw).join(' ')}]`);
};

const textNote = (text: string | undefined, message: string): string | undefined =>
  text !== undefined && !message.startsWith(text) ? `message "${message}" does not start with "${text}"` : undefined;

const expectCompileError = (state: ScriptState, script: SpecScript, cmd: SpecCommand): void => {
  try {
    compile(state, script, cmd);
  } catch (e) {
    if (e instanceof CompileError) return;
    throw e;
  }
  throw new Mismatch(`module compiled, expected ${cmd.type === 'assert_invalid' ? 'invalid' : 'malformed'} ("${cmd.text ?? ''}")`);
};

/** Compiles (must succeed) and instantiates (must fail with `want`). */
const expectInstantiationFailure = (state: ScriptState, script: SpecScript, cmd: SpecCommand, want: 'link' | 'trap'): string | undefined => {
  let m: Module;
  try {
    m = compile(state, script, cmd);
  } catch (e) {
    state.defineModule(undefined, { failed: describe(e) });
    throw new Mismatch(`module failed to compile: ${describe(e)}`);
  }
  state.defineModule(undefined, m);
  try {
    state.instantiate(m);
  } catch (e) {
    if (want === 'link' && e instanceof LinkError) return undefined;
    if (want === 'trap' && e instanceof Trap) return textNote(cmd.text, e.message);
    throw e;
  }
  throw new Mismatch(`module instantiated, expected ${want === 'link' ? 'a link error' : 'a trap'} ("${cmd.text ?? ''}")`);
};

const runModule = (state: ScriptState, script: SpecScript, cmd: SpecCommand): void => {
  let m: Module;
  try {
    m = compile(state, script, cmd);
  } catch (e) {
    const failed = { failed: describe(e) };
    state.defineModule(cmd.name, failed);
    if (!cmd.definition) state.setCurrent(cmd.name, failed);
    throw e;
  }
  state.defineModule(cmd.name, m);
  if (cmd.definition) return;
  instantiateAsCurrent(state, () => m, cmd.name);
};

const instantiateAsCurrent = (state: ScriptState, getModule: () => Module, name: string | undefined): void => {
  try {
    state.setCurrent(name, state.instantiate(getModule()));
  } catch (e) {
    state.setCurrent(name, { failed: e instanceof ModuleUnavailable ? e.message.replace(/^module failed: /, '') : `instantiation: ${describe(e)}` });
    throw e;
  }
};

/** Executes one command; returns a note, or throws on failure. `skip` results are returned directly. */
const execute = (state: ScriptState, script: SpecScript, cmd: SpecCommand): CommandResult | string | undefined => {
  switch (cmd.type) {
    case 'module': runModule(state, script, cmd); return undefined;
    case 'module_instance': instantiateAsCurrent(state, () => state.moduleDefinition(cmd.module), cmd.instance); return undefined;
    case 'register': state.register(cmd.as!, state.instance(cmd.name)); return undefined;
    case 'action': state.perform(cmd.action!); return undefined;
    case 'assert_return': expectResults(state, cmd); return undefined;
    case 'assert_trap': return expectTrap(state, cmd);
    case 'assert_exhaustion': return expectTrap(state, cmd, 'StackOverflow');
    case 'assert_exception': return { line: cmd.line, type: cmd.type, outcome: 'fail', reason: 'unsupported: assert_exception' };
    case 'assert_invalid':
    case 'assert_malformed':
      if (cmd.module_type === 'text') return { line: cmd.line, type: cmd.type, outcome: 'skip', reason: 'text module' };
      expectCompileError(state, script, cmd);
      return undefined;
    case 'assert_unlinkable': return expectInstantiationFailure(state, script, cmd, 'link');
    case 'assert_uninstantiable': return expectInstantiationFailure(state, script, cmd, 'trap');
    default: return { line: cmd.line, type: cmd.type, outcome: 'skip', reason: `unknown command type ${cmd.type}` };
  }
};

/** Options of `runScript`. */
export interface RunOptions {
  /** Engine to compile with (default: a new `Engine()`). */
  readonly engine?: Engine;
}

/** Runs every command of `script`. Never throws for guest or runtime errors. */
export const runScript = (script: SpecScript, opts: RunOptions = {}): ScriptResult => {
  const t0 = performance.now();
  const results: CommandResult[] = [];
  let state: ScriptState | undefined;
  let setupError: string | undefined;
  try {
    state = new ScriptState(opts.engine ?? new Engine());
  } catch (e) {
    setupError = `runner setup failed: ${describe(e)}`;
  }
  for (const cmd of script.commands) {
    if (!state) { results.push({ line: cmd.line, type: cmd.type, outcome: 'fail', reason: setupError }); continue; }
    try {
      const r = execute(state, script, cmd);
      if (typeof r === 'object') results.push(r);
      else results.push(r === undefined ? { line: cmd.line, type: cmd.type, outcome: 'pass' } : { line: cmd.line, type: cmd.type, outcome: 'pass', note: r });
    } catch (e) {
      results.push({ line: cmd.line, type: cmd.type, outcome: 'fail', reason: describe(e) });
    }
  }
  return { id: script.id, folder: script.folder, results, ms: performance.now() - t0 };
};
