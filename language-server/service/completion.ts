/**
 * Completion at a cursor: keys valid in the enclosing mapping that are not there yet (with their
 * required blocks as snippets), enum values with their descriptions, booleans and defaults, element
 * symbols found in the data, and file paths relative to the config.
 */
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import type { EditorParse } from './parse';
import { cursorContext, type CursorContext } from './cursor';
import { asArray, isObj, type SchemaNavigator, type SchemaObject } from './schema-nav';
import { enumValues, firstWith, schemaMarkdown, typeLabel } from './schema-docs';
import { SnippetWriter } from './snippets';
import { scalarFor } from './scalar-text';
import { completeFilePath, looksLikePath, STRUCTURE_FILE, type DirLister } from './file-paths';

const Kind = { property: 10, value: 12, enumMember: 20, file: 17, folder: 19, constant: 21 } as const;
type KindValue = (typeof Kind)[keyof typeof Kind];
const SNIPPET = 2;
const ADJUST_INDENTATION = 2;

export interface CompletionEnv {
  elements?: readonly string[];
  configDir?: string;
  listDir?: DirLister;
}

export function complete(parsed: EditorParse, nav: SchemaNavigator, offset: number, env: CompletionEnv): CompletionList {
  if (inComment(parsed, offset)) return { isIncomplete: false, items: [] };
  const ctx = cursorContext(parsed.language, parsed.text, parsed.lines, offset);
  const root = rootValueAt(parsed, offset);
  const range = replaceRange(parsed, ctx);
  const items: CompletionItem[] = [];
  if (ctx.position === 'key') items.push(...keyItems(parsed, nav, ctx, root, env));
  else if (ctx.position === 'value') items.push(...valueItems(parsed, nav, nav.child(nav.at(ctx.path, root), ctx.key!), ctx, [...ctx.path, ctx.key!], env));
  else {
    const itemSchemas = nav.at(ctx.path, root);
    const objectItems = itemSchemas.some((s) => asArray(s.type).includes('object') || isObj(s.properties));
    if (objectItems) items.push(...keyItems(parsed, nav, ctx, root, env));
    else items.push(...valueItems(parsed, nav, itemSchemas, ctx, ctx.path, env));
  }
  for (const it of items) {
    if (!it.textEdit) it.textEdit = { range, newText: it.insertText ?? it.label };
    delete it.insertText;
    if (!it.filterText) it.filterText = ctx.inQuotes ? `"${it.label}` : it.label;
  }
  return { isIncomplete: false, items };
}

function rootValueAt(parsed: EditorParse, offset: number): unknown {
  for (const d of parsed.docs) {
    const r = d.doc.range;
    if (offset >= r[0] && offset <= r[2]) return d.value;
  }
  return parsed.docs[0]?.value;
}

function replaceRange(parsed: EditorParse, ctx: CursorContext) {
  let start = ctx.replaceStart;
  let end = ctx.replaceEnd;
  if (parsed.language === 'json' && ctx.inQuotes) {
    start -= 1;
    if (parsed.text[end] === '"') end += 1;
  }
  return parsed.lines.range(start, end);
}

function keyItems(parsed: EditorParse, nav: SchemaNavigator, ctx: CursorContext, root: unknown, env: CompletionEnv): CompletionItem[] {
  const schemas = nav.at(ctx.path, root);
  const props = nav.properties(schemas);
  const required = new Set(nav.required(schemas));
  const writer = () => new SnippetWriter(nav, parsed.language, !!ctx.flow);
  const relIndent = Math.max(0, ctx.indent - ctx.lineIndent);
  const items: CompletionItem[] = [];
  for (const [name, sub] of props) {
    if (ctx.siblings.has(name)) continue;
    // Editors re-indent inserted lines by the cursor line's indentation (insertTextMode 2), so the
    // snippet is written relative to that line: only a `- ` prefix adds to it.
    const text = writer().keyValue(name, sub, relIndent);
    items.push({
      label: name,
      kind: Kind.property,
      detail: typeLabel(sub),
      documentation: { kind: 'markdown', value: schemaMarkdown(name, sub) },
      insertText: text,
      insertTextFormat: SNIPPET,
      insertTextMode: ADJUST_INDENTATION,
      sortText: `${required.has(name) ? '0' : '1'}${name}`,
    });
  }
  // Maps keyed by element symbol (reference energies, per-element set-ups): offer the data's elements.
  const mapLike = schemas.some((s) => isObj(s.patternProperties) || isObj(s.additionalProperties));
  if (mapLike && env.elements) {
    const valueSchemas = schemas.flatMap((s) => [
      ...(isObj(s.additionalProperties) ? [s.additionalProperties as SchemaObject] : []),
      ...(isObj(s.patternProperties) ? Object.values(s.patternProperties as Record<string, SchemaObject>) : []),
    ]);
    for (const el of env.elements) {
      if (ctx.siblings.has(el) || props.has(el)) continue;
      items.push({
        label: el,
        kind: Kind.constant,
        detail: 'element in the data',
        insertText: writer().keyValue(el, nav.expand(valueSchemas[0] ?? {}), relIndent),
        insertTextFormat: SNIPPET,
        insertTextMode: ADJUST_INDENTATION,
        sortText: `0${el}`,
      });
    }
  }
  return items;
}

function valueItems(parsed: EditorParse, nav: SchemaNavigator, schemas: SchemaObject[], ctx: CursorContext, path: (string | number)[], env: CompletionEnv): CompletionItem[] {
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const def = firstWith<unknown>(schemas, 'default');
  const add = (value: unknown, kind: KindValue, doc?: string, detail?: string) => {
    const text = scalarFor(value, parsed.language);
    if (seen.has(text)) return;
    seen.add(text);
    const isDefault = def !== undefined && JSON.stringify(def) === JSON.stringify(value);
    items.push({
      label: typeof value === 'string' ? value : text,
      kind,
      detail: isDefault ? 'default' : detail,
      documentation: doc ? { kind: 'markdown', value: doc } : undefined,
      insertText: text,
      sortText: isDefault ? '0' : `1${text}`,
      preselect: isDefault || undefined,
    });
  };
  for (const v of enumValues(schemas)) add(v.value, Kind.enumMember, v.doc);
  const types = new Set(schemas.flatMap((s) => asArray(s.type).map(String)));
  if (types.has('boolean')) { add(true, Kind.value); add(false, Kind.value); }
  if (def !== undefined && (typeof def !== 'object' || def === null)) add(def, Kind.value);
  if (types.has('null') && types.size > 1) add(null, Kind.value);
  const elementPattern = schemas.some((s) => typeof s.pattern === 'string' && /\[A-Z\]\[a-z\]/.test(s.pattern));
  if (elementPattern && env.elements) for (const el of env.elements) add(el, Kind.constant, undefined, 'element in the data');
  if ((types.has('string') || types.has('array')) && looksLikePath(path, schemas) && env.configDir && env.listDir) {
    const structures = path.some((p) => p === 'structures');
    items.push(...completeFilePath(ctx.prefix, env.configDir, env.listDir, structures ? (name) => STRUCTURE_FILE.test(name) : undefined));
  }
  return items;
}

/** YAML: the cursor is after a `#` that starts a comment (not inside a quoted value). */
function inComment(parsed: EditorParse, offset: number): boolean {
  if (parsed.language !== 'yaml') return false;
  const pos = parsed.lines.position(offset);
  const before = parsed.lines.lineText(pos.line).slice(0, pos.character);
  const unquoted = before.replace(/"(?:\\.|[^"\\])*"|'[^']*'/g, '""');
  return /(^|\s)#/.test(unquoted);
}
