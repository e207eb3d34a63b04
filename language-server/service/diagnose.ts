/**
 * Diagnostics for one config text: syntax and schema problems from src/core/config, then its semantic
 * checks. Unlike the runner (which stops at the first schema error), the editor keeps checking: the
 * values the schema rejected are pruned (defaults take their place) and the semantic checks run on
 * what is left, so a typo in one section does not hide a missing reference energy in another.
 * Nothing here reads structure files: elements come from the cache, and the files still unknown to
 * it are returned for a background scan.
 */
import type { Diagnostic } from 'vscode-languageserver';
import {
  applyDefaults, checkSemantics, configLanguage, configValidator, expandStructurePaths, hasErrors, parseConfigText, validateConfig,
  type ConfigDiagnostic, type ParsedConfig,
} from '../../src/core/config';
import { blankJsonComments } from './jsonc';
import { toLspDiagnostic } from './to-lsp';

export interface DiagnoseEnv {
  /** The config's folder; without one (untitled documents) nothing on disk is checked. */
  configDir?: string;
  /** Elements of the given structure files when all are cached; undefined while any is unknown. */
  elementsOf?: (files: readonly string[]) => ReadonlySet<string> | undefined;
}

export interface DiagnoseResult {
  diagnostics: Diagnostic[];
  /** Structure files the config names (empty when the semantic checks could not run). */
  dataFiles: string[];
  /** True when the element checks ran (elements were known). */
  elementsChecked: boolean;
}

const MAX_PRUNE_PASSES = 3;

export function diagnose(text: string, file: string, env: DiagnoseEnv): DiagnoseResult {
  let parsed = withoutStackTraces(() => parseConfigText(text, file));
  const syntax = parsed.diagnostics;
  if (configLanguage(file) === 'json' && hasErrors(syntax)) parsed = recoverJson(text, file, parsed);
  const schema = validateConfig(parsed, { partial: hasErrors(syntax) });
  const out: ConfigDiagnostic[] = [...syntax, ...schema];
  let dataFiles: string[] = [];
  let elementsChecked = false;
  if (env.configDir) {
    const pruned = pruneInvalid(parsed.value, schema);
    if (pruned) {
      const config = applyDefaults(pruned.value);
      dataFiles = expandStructurePaths(config.data.structures, env.configDir).flatMap((e) => e.files);
      const elements = dataFiles.length ? env.elementsOf?.(dataFiles) : undefined;
      elementsChecked = elements !== undefined;
      const reported = new Set(out.map((d) => `${d.code}|${d.pointer}`));
      const semantic = checkSemantics(config, {
        configDir: env.configDir, raw: pruned.value, locations: parsed.locations, readData: false, elements,
      });
      for (const d of semantic) {
        if (reported.has(`${d.code}|${d.pointer}`)) continue;
        if (pruned.removed.some((p) => d.pointer === p || d.pointer.startsWith(p + '/'))) continue;
        out.push(d);
      }
    }
  }
  return { diagnostics: onePerProblem(out).map(toLspDiagnostic), dataFiles, elementsChecked };
}

/**
 * One message per problem: a value the parser already rejected gets no schema complaint on the same
 * text, and a problem in an anchored block used through several aliases is shown once, where written.
 */
function onePerProblem(diags: ConfigDiagnostic[]): ConfigDiagnostic[] {
  const syntax = diags.filter((d) => d.source === 'syntax' && d.severity === 'error');
  const seen = new Set<string>();
  return diags.filter((d) => {
    if (d.source !== 'syntax' && syntax.some((s) => d.range.start >= s.range.start && d.range.end <= s.range.end && s.range.end > s.range.start)) return false;
    const key = `${d.code}|${d.range.start}|${d.range.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A copy of `value` without the parts the schema rejected, valid against the schema, or null when no
 * such copy exists (the root itself is wrong, or a required section is missing).
 */
export function pruneInvalid(value: unknown, schemaErrors: ConfigDiagnostic[]): { value: unknown; removed: string[] } | null {
  if (!isPlain(value)) return null;
  let current: unknown = structuredClone(value);
  const removed: string[] = [];
  let errors = schemaErrors;
  const validate = configValidator();
  for (let pass = 0; pass <= MAX_PRUNE_PASSES; pass++) {
    if (pass > 0) {
      if (validate(current)) return { value: current, removed };
      errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => ({ pointer: errorPointer(e), code: e.keyword } as ConfigDiagnostic));
    }
    if (!errors.length) return { value: current, removed };
    for (const e of errors) {
      if (e.code === 'missing-property' || e.code === 'required') continue;
      const p = wholeArray(e.pointer);
      if (!p) return null;
      if (deletePointer(current, p)) removed.push(p);
    }
  }
  return validate(current) ? { value: current, removed } : null;
}

function errorPointer(e: { instancePath: string; keyword: string; params: Record<string, unknown> }): string {
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${String(e.params.additionalProperty).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  if (e.keyword === 'propertyNames' && e.params.propertyName !== undefined) return `${e.instancePath}/${String(e.params.propertyName)}`;
  return e.instancePath;
}

/** Removing one item would shift the others: drop the whole list instead (its default comes back). */
function wholeArray(pointer: string): string {
  return pointer.replace(/\/\d+(\/.*)?$/, '');
}

function deletePointer(root: unknown, pointer: string): boolean {
  const segs = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = root;
  for (let i = 0; i < segs.length - 1; i++) {
    if (!isPlain(node)) return false;
    node = node[segs[i]!];
  }
  const last = segs[segs.length - 1];
  if (!isPlain(node) || last === undefined || !(last in node)) return false;
  delete node[last];
  return true;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The JSON reader stops at the first syntax error; the YAML reader (JSON is YAML flow syntax) recovers
 * and goes on. So after a JSON syntax error the rest of the file is checked from the YAML reading of
 * it (comments blanked, offsets unchanged), while the syntax errors stay those of the JSON reader.
 */
function recoverJson(text: string, file: string, json: ParsedConfig): ParsedConfig {
  const asYaml = withoutStackTraces(() => parseConfigText(blankJsonComments(text), file.replace(/\.jsonc?$/i, '.yaml')));
  if (!isPlain(asYaml.value)) return json;
  return { ...asYaml, format: 'json', text, diagnostics: json.diagnostics };
}

/**
 * A broken text can make the YAML parser create hundreds of error objects, and capturing a stack
 * trace for each is most of its cost; parse errors are data here, their stacks are never read.
 */
export function withoutStackTraces<T>(fn: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return fn();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
