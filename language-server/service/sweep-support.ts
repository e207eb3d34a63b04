/**
 * `*.sweep.yaml` documents: diagnostics from src/core/sweep (the same checks `mlip-uq sweep` makes, the
 * base config checked for existence only while typing), and under `space:` the config's field paths as
 * key completions and their config documentation on hover.
 */
import type { CompletionItem, Diagnostic, Hover } from 'vscode-languageserver';
import { isScalar } from 'yaml';
import { CONFIG_SCHEMA } from '../../src/core/config';
import { diagnoseSweepText, lookupField, parseFieldPath } from '../../src/core/sweep';
import type { CursorContext } from './cursor';
import type { DiagnoseResult } from './diagnose';
import { withoutStackTraces } from './diagnose';
import { pathAtOffset } from './node-at-path';
import type { EditorParse } from './parse';
import { schemaMarkdown, typeLabel } from './schema-docs';
import type { SchemaObject } from './schema-nav';
import { toLspDiagnostic } from './to-lsp';

export function diagnoseSweep(text: string, file: string, onDisk: boolean): DiagnoseResult {
  const r = withoutStackTraces(() => diagnoseSweepText(text, file, { readBase: false }));
  // Without a folder (untitled) a relative base cannot be looked for.
  const diagnostics: Diagnostic[] = r.diagnostics.filter((d) => onDisk || d.code !== 'base-not-found').map(toLspDiagnostic);
  return { diagnostics, dataFiles: [], elementsChecked: false };
}

type Obj = Record<string, unknown>;

/** Every leaf field of the config schema as a dotted path with its schema (objects with properties are walked). */
function configFields(): [string, SchemaObject][] {
  const out: [string, SchemaObject][] = [];
  const walk = (s: Obj, prefix: string, depth: number) => {
    const props = s.properties as Record<string, Obj> | undefined;
    if (!props || depth > 5) { if (prefix) out.push([prefix, s as SchemaObject]); return; }
    for (const [k, sub] of Object.entries(props)) if (k !== '$schema') walk(sub, prefix ? `${prefix}.${k}` : k, depth + 1);
  };
  walk(CONFIG_SCHEMA, '', 0);
  return out;
}

let fields: [string, SchemaObject][] | undefined;

const DIST_SNIPPET = '{ ${1|log_uniform,uniform,int,choice|}: [$2] }';

export function sweepSpaceItems(ctx: CursorContext): CompletionItem[] {
  if (ctx.position !== 'key' || ctx.path.length !== 1 || ctx.path[0] !== 'space') return [];
  fields ??= configFields();
  return fields.filter(([path]) => !ctx.siblings.has(path)).map(([path, schema]) => ({
    label: path, kind: 10, detail: typeLabel([schema]),
    documentation: { kind: 'markdown', value: schemaMarkdown(path, [schema]) },
    insertText: `${path}: ${DIST_SNIPPET}`, insertTextFormat: 2,
  }));
}

/** Hover on a key under `space:`: the config field's own documentation. */
export function sweepSpaceHover(parsed: EditorParse, offset: number): Hover | null {
  const doc = parsed.docs.find((d) => offset >= d.doc.range[0] && offset <= d.doc.range[2]) ?? parsed.docs[0];
  const hit = doc ? pathAtOffset(doc.doc, offset) : undefined;
  if (!hit || !hit.onKey || hit.path.length !== 2 || hit.path[0] !== 'space' || !isScalar(hit.node)) return null;
  const path = String(hit.path[1]);
  const segs = parseFieldPath(path);
  const found = segs ? lookupField(CONFIG_SCHEMA, segs) : null;
  if (!found || !found.schemas.length) return null;
  return { contents: { kind: 'markdown', value: schemaMarkdown(path, found.schemas as SchemaObject[]) } };
}
