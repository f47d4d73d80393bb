/**
 * Spec-script loading: the wast2json-style JSON command list (README §4) and the
 * module files next to it, plus discovery of scripts in folders.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { SpecValue } from './values.js';

/** An `invoke` or `get` action. */
export interface SpecAction {
  readonly type: 'invoke' | 'get';
  readonly module?: string;
  readonly field: string;
  readonly args?: readonly SpecValue[];
}

/** One command of a script; fields per command type (README §4.1). */
export interface SpecCommand {
  readonly type: string;
  readonly line: number;
  readonly filename?: string;
  readonly name?: string;
  readonly definition?: string | boolean;
  readonly instance?: string;
  readonly module?: string;
  readonly as?: string;
  readonly action?: SpecAction;
  readonly expected?: readonly SpecValue[];
  readonly either?: readonly SpecValue[];
  readonly text?: string;
  readonly module_type?: 'binary' | 'text';
}

/** A loaded script: its path, folder name (for per-folder counts) and commands. */
export interface SpecScript {
  /** Absolute path of the JSON file. */
  readonly path: string;
  /** `folder/file.json`, as used in reports and known-failures lists. */
  readonly id: string;
  /** Name of the folder the JSON file is in (e.g. `core`). */
  readonly folder: string;
  readonly commands: readonly SpecCommand[];
  /** Reads a module file referenced by a command. */
  readonly readModule: (filename: string) => Uint8Array;
}

/** Loads one JSON script. */
export const loadScript = (jsonPath: string): SpecScript => {
  const path = resolve(jsonPath);
  const dir = dirname(path);
  const folder = basename(dir);
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { commands?: SpecCommand[] };
  if (!Array.isArray(parsed.commands)) throw new Error(`${path}: not a spec JSON script (no "commands")`);
  return {
    path,
    id: `${folder}/${basename(path)}`,
    folder,
    commands: parsed.commands,
    readModule: (filename) => new Uint8Array(readFileSync(join(dir, filename))),
  };
};

/** Sorted JSON scripts directly inside `folder` (manifest.json excluded). */
export const scriptsInFolder = (folder: string): string[] =>
  readdirSync(folder)
    .filter((f) => f.endsWith('.json') && f !== 'manifest.json')
    .sort()
    .map((f) => join(folder, f));

/**
 * Expands paths to JSON scripts: a file is taken as is; a folder contributes its scripts,
 * or, if it has none, the scripts of its immediate subfolders (so the corpus root works).
 */
export const expandPaths = (paths: readonly string[]): string[] => {
  const out: string[] = [];
  for (const p of paths) {
    if (!statSync(p).isDirectory()) { out.push(p); continue; }
    const own = scriptsInFolder(p);
    if (own.length > 0) { out.push(...own); continue; }
    for (const sub of readdirSync(p).sort()) {
      const full = join(p, sub);
      if (statSync(full).isDirectory()) out.push(...scriptsInFolder(full));
    }
  }
  return out;
};
