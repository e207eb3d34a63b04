/**
 * The whole config pipeline: text → parse (positions kept) → schema → defaults → semantic checks.
 * Returns diagnostics as data and a resolved config only when there is no error; it throws nothing
 * for bad input, so the runner, the CLI and the language server all use it as is.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { applyDefaults } from './apply-defaults';
import { checkSemantics, type SemanticContext } from './check-semantics';
import { EMPTY_RANGE, formatDiagnostic, hasErrors, toLocatedError, type ConfigDiagnostic } from './diagnostics';
import { LocatedError } from '../errors';
import { parseJsoncConfig } from './parse-jsonc';
import { parseYamlConfig } from './parse-yaml';
import type { ParsedConfig } from './parsed';
import type { MlipConfig } from './types';
import { validateConfig } from './validate';

export interface LoadOptions {
  /** Run the semantic checks (default true); they read the file system. */
  semantics?: boolean;
  /** Passed to checkSemantics: read structure files for their elements (default true). */
  readData?: boolean;
  elements?: SemanticContext['elements'];
}

export interface LoadedConfig {
  file: string;
  parsed: ParsedConfig;
  /** Resolved config; null when any diagnostic is an error. */
  config: MlipConfig | null;
  /** Every problem, syntax first, then schema, then semantics; sorted by position within each. */
  diagnostics: ConfigDiagnostic[];
}

export type ConfigLanguage = 'yaml' | 'json';

/** `.json`/`.jsonc` files are JSON with comments, everything else YAML: one rule for the runner and the editor. */
export function configLanguage(file: string): ConfigLanguage {
  return /\.jsonc?$/i.test(file) ? 'json' : 'yaml';
}

export function parseConfigText(text: string, file: string): ParsedConfig {
  return configLanguage(file) === 'json' ? parseJsoncConfig(text, file) : parseYamlConfig(text, file);
}

function byPosition(a: ConfigDiagnostic, b: ConfigDiagnostic): number {
  return a.range.start - b.range.start || a.range.end - b.range.end;
}

export function diagnoseConfigText(text: string, file: string, options: LoadOptions = {}): LoadedConfig {
  const parsed = parseConfigText(text, file);
  const syntax = [...parsed.diagnostics].sort(byPosition);
  const syntaxErrors = hasErrors(syntax);
  const schema = validateConfig(parsed, { partial: syntaxErrors }).sort(byPosition);
  let config: MlipConfig | null = null;
  let semantic: ConfigDiagnostic[] = [];
  if (!hasErrors(schema)) {
    const resolved = applyDefaults(parsed.value);
    if (options.semantics !== false) {
      const reported = new Set(schema.map((d) => `${d.code}|${d.pointer}`));
      semantic = checkSemantics(resolved, {
        configDir: dirname(resolve(file)), raw: parsed.value, locations: parsed.locations,
        readData: options.readData, elements: options.elements,
      }).filter((d) => !reported.has(`${d.code}|${d.pointer}`)).sort(byPosition);
    }
    if (!syntaxErrors && !hasErrors(semantic)) config = resolved;
  }
  return { file, parsed, config, diagnostics: [...syntax, ...schema, ...semantic] };
}

export function loadConfigFile(path: string, options: LoadOptions = {}): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'config file not found' : `cannot read the config file: ${(e as Error).message}`;
    const parsed: ParsedConfig = { file: path, format: 'yaml', text: '', value: null, locations: new Map(), diagnostics: [] };
    return {
      file: path, parsed, config: null,
      diagnostics: [{ severity: 'error', source: 'syntax', code: 'file-unreadable', message: reason, path: '', pointer: '', range: EMPTY_RANGE }],
    };
  }
  return diagnoseConfigText(text, path, options);
}

/**
 * For the runner and the CLI, which stop at the first problem: the resolved config and its warnings,
 * or a LocatedError located at the first error (file, line, column, field, expected) whose message
 * lists every error when there are several.
 */
export function loadConfigOrThrow(path: string, options: LoadOptions = {}): { config: MlipConfig; warnings: ConfigDiagnostic[] } {
  const r = loadConfigFile(path, options);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.config || errors.length > 0) {
    const err = errors[0] ? toLocatedError(errors[0], path) : new LocatedError('config could not be resolved', { file: path });
    if (errors.length > 1) err.message = errors.map((d) => formatDiagnostic(d, path)).join('\n');
    throw err;
  }
  return { config: r.config, warnings: r.diagnostics.filter((d) => d.severity !== 'error') };
}
