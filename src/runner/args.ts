/**
 * A small argument parser shared by the subcommands: `--name value`, `--name=value`, repeated options
 * collected into arrays, boolean flags, and positionals. Unknown options are errors, not silently ignored.
 */
export interface ArgSpec {
  /** Options that take a value; repeatable ones collect every occurrence. */
  values?: string[];
  repeatable?: string[];
  flags?: string[];
}

export interface ParsedArgs {
  values: Record<string, string>;
  lists: Record<string, string[]>;
  flags: Set<string>;
  positionals: string[];
}

export class ArgError extends Error {}

export function parseArgs(args: string[], spec: ArgSpec): ParsedArgs {
  const values: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const flags = new Set<string>();
  const positionals: string[] = [];
  const takesValue = new Set([...(spec.values ?? []), ...(spec.repeatable ?? [])]);
  const repeatable = new Set(spec.repeatable ?? []);
  const flagSet = new Set(spec.flags ?? []);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { positionals.push(...args.slice(i + 1)); break; }
    if (!a.startsWith('--')) { positionals.push(a); continue; }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (flagSet.has(name) && eq < 0) { flags.add(name); continue; }
    if (!takesValue.has(name)) throw new ArgError(`unknown option --${name}`);
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new ArgError(`option --${name} needs a value`);
    if (repeatable.has(name)) (lists[name] ??= []).push(value);
    else values[name] = value;
  }
  return { values, lists, flags, positionals };
}
