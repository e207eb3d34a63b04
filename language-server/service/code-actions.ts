/**
 * Quick fixes for the diagnostics in a request's context: did-you-mean for unknown keys and enum
 * values, add a missing required property (with its default), unquote a quoted number, add the
 * reference energies the data needs (a flagged stub beside real ones, else `fit`), put a number back
 * in its range (the default or the bound). Each fix reads what it needs from the
 * diagnostic's `data` (filled by src/core/config), so nothing is re-validated here.
 */
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { documentAt, type EditorParse } from './parse';
import type { DiagnosticData } from './codes';
import { insertAtPath, removeProperty, type NewEntry } from './insert-property';
import type { SchemaNavigator } from './schema-nav';
import { SnippetWriter, stripSnippet } from './snippets';
import { scalarFor } from './scalar-text';

export function codeActions(parse: EditorParse, nav: SchemaNavigator, uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  const fix = (title: string, diagnostic: Diagnostic, edits: TextEdit[], preferred = false) => {
    if (edits.length) out.push({ title, kind: 'quickfix', diagnostics: [diagnostic], isPreferred: preferred || undefined, edit: { changes: { [uri]: edits } } });
  };
  const removeFix = (d: Diagnostic, pointer: string | undefined, verb: string, preferred = false) => {
    if (!pointer) return;
    const doc = documentAt(parse, parse.lines.offset(d.range.start));
    const segs = splitPointer(pointer);
    const edit = doc ? removeProperty(parse, doc.doc, segs) : undefined;
    if (edit) fix(`${verb} "${segs[segs.length - 1]}"`, d, [edit], preferred);
  };
  for (const d of diagnostics) {
    const data = (d.data ?? {}) as Partial<DiagnosticData>;
    const pointer = typeof data.pointer === 'string' ? data.pointer : undefined;
    switch (d.code) {
      case 'unknown-property':
        (data.suggestions ?? []).slice(0, 3).forEach((s, i) => {
          fix(`Change to "${s}"`, d, [{ range: d.range, newText: parse.language === 'json' ? JSON.stringify(s) : s }], i === 0);
        });
        removeFix(d, pointer, 'Remove');
        break;
      case 'option-not-applicable':
        removeFix(d, pointer, 'Remove', true);
        break;
      case 'invalid-enum':
        (data.suggestions ?? []).slice(0, 3).forEach((s, i) => {
          fix(`Change to "${s}"`, d, [{ range: d.range, newText: scalarFor(s, parse.language) }], i === 0);
        });
        break;
      case 'invalid-type':
        if (typeof data.quotedNumber === 'number') {
          const raw = textOf(parse, d).trim().replace(/^["']|["']$/g, '').trim().replace(/^\+/, '');
          fix(`Write ${raw} as a number`, d, [{ range: d.range, newText: raw }], true);
        }
        break;
      case 'missing-property': {
        if (!pointer) break;
        const segs = splitPointer(pointer);
        const name = segs.pop();
        const doc = documentAt(parse, parse.lines.offset(d.range.start));
        if (!doc || name === undefined) break;
        fix(`Add "${name}"`, d, insertAtPath(parse, doc.doc, segs, [entryFor(nav, segs, name, doc.value)]), true);
        break;
      }
      case 'missing-reference-energy': {
        const doc = documentAt(parse, parse.lines.offset(d.range.start));
        if (!doc || !data.missing?.length) break;
        const refs = referenceEnergies(doc.value);
        // A stub of 0 eV is flagged (placeholder-reference-energy) only beside a real energy; with none
        // written, zeros would pass silently, so the fix is to fit them from the data instead.
        if (refs === undefined) {
          fix('Fit reference energies from the training data (reference_energies: fit)', d, insertAtPath(parse, doc.doc, ['data'], [{ key: 'reference_energies', yaml: 'fit', json: '"fit"' }]), true);
          break;
        }
        if (refs === 'fit' || !Object.values(refs).some((v) => typeof v === 'number' && v !== 0)) break;
        const entries: NewEntry[] = data.missing.map((el) => ({ key: el, yaml: '0.0  # TODO: energy of one isolated atom, eV', json: '0.0' }));
        fix(`Add reference energies for ${data.missing.join(', ')}`, d, insertAtPath(parse, doc.doc, ['data', 'reference_energies'], entries), true);
        break;
      }
      case 'out-of-range': {
        if (!pointer) break;
        const doc = documentAt(parse, parse.lines.offset(d.range.start));
        if (!doc) break;
        for (const [title, value, preferred] of rangeFixes(nav.at(splitPointer(pointer), doc.value), Number(textOf(parse, d).trim()))) {
          fix(title, d, [{ range: d.range, newText: scalarFor(value, parse.language) }], preferred);
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** data.reference_energies as written: undefined when absent, 'fit', or the element → eV mapping. */
function referenceEnergies(root: unknown): 'fit' | Record<string, unknown> | undefined {
  const data = typeof root === 'object' && root !== null ? (root as Record<string, unknown>).data : undefined;
  const refs = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).reference_energies : undefined;
  if (refs === 'fit') return 'fit';
  return typeof refs === 'object' && refs !== null && !Array.isArray(refs) ? refs as Record<string, unknown> : undefined;
}

/** For a number outside its schema's range: the default (preferred, when inside the range) and the nearest inclusive bound. */
function rangeFixes(schemas: Record<string, unknown>[], current: number): [string, number, boolean][] {
  const num = (k: string) => schemas.map((x) => x[k]).find((v): v is number => typeof v === 'number');
  const min = num('minimum'), max = num('maximum'), xmin = num('exclusiveMinimum'), xmax = num('exclusiveMaximum'), dflt = num('default');
  const inside = (v: number) => (min === undefined || v >= min) && (max === undefined || v <= max) && (xmin === undefined || v > xmin) && (xmax === undefined || v < xmax);
  const out: [string, number, boolean][] = [];
  if (dflt !== undefined && inside(dflt)) out.push([`Use the default (${dflt})`, dflt, true]);
  if (min !== undefined && min !== dflt && !(current >= min)) out.push([`Set to the minimum (${min})`, min, out.length === 0]);
  if (max !== undefined && max !== dflt && !(current <= max)) out.push([`Set to the maximum (${max})`, max, out.length === 0]);
  return out;
}

function splitPointer(pointer: string): string[] {
  return pointer ? pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) : [];
}

function textOf(parse: EditorParse, d: Diagnostic): string {
  return parse.text.slice(parse.lines.offset(d.range.start), parse.lines.offset(d.range.end));
}

/** The new property in plain text: its snippet with every placeholder replaced by its default. */
function entryFor(nav: SchemaNavigator, parent: string[], name: string, root: unknown): NewEntry {
  const schemas = nav.child(nav.at(parent, root), name);
  const plain = (lang: 'yaml' | 'json') => stripSnippet(new SnippetWriter(nav, lang).keyValue(name, schemas, 0));
  const yamlLine = plain('yaml');
  const jsonLine = plain('json');
  return {
    key: name,
    yaml: yamlLine.slice(yamlLine.indexOf(':') + 1).replace(/^ /, ''),
    json: jsonLine.slice(jsonLine.indexOf(':') + 1).trim(),
  };
}
