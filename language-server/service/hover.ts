/**
 * Hover on a key or value: the schema's markdown for that property (description, type, units,
 * default, allowed values, the paper's value for BNN settings). On a value that is one of an enum,
 * that value's own description comes first.
 */
import type { Hover } from 'vscode-languageserver';
import { isScalar, type Node } from 'yaml';
import type { EditorParse } from './parse';
import { pathAtOffset, type Segment } from './node-at-path';
import { cursorContext } from './cursor';
import type { SchemaNavigator } from './schema-nav';
import { enumValues, schemaMarkdown } from './schema-docs';

export function hover(parsed: EditorParse, nav: SchemaNavigator, offset: number): Hover | null {
  const doc = parsed.docs.find((d) => offset >= d.doc.range[0] && offset <= d.doc.range[2]) ?? parsed.docs[0];
  let path: Segment[] | undefined;
  let node: Node | undefined;
  let onKey = false;
  const hit = doc ? pathAtOffset(doc.doc, offset) : undefined;
  if (hit && hit.node && isScalar(hit.node)) ({ path, node, onKey } = hit);
  else {
    // Broken text: take the key on the cursor's line from indentation.
    const lineNo = parsed.lines.position(offset).line;
    const line = parsed.lines.lineText(lineNo);
    const m = /^(\s*(?:-\s+)*)["']?([\w.-]+)["']?\s*:/.exec(line);
    if (!m) return null;
    const keyStart = parsed.lines.lineStart(lineNo) + m[1]!.length;
    const ctx = cursorContext(parsed.language, parsed.text, parsed.lines, keyStart);
    path = [...ctx.path, m[2]!];
    onKey = true;
  }
  const named = path.filter((p) => p !== '');
  const name = [...named].reverse().find((p): p is string => typeof p === 'string');
  const schemas = nav.at(path, doc?.value);
  if (!schemas.length) return null;
  let value = schemaMarkdown(name, schemas);
  if (!onKey && node && isScalar(node)) {
    const hitEnum = enumValues(schemas).find((v) => JSON.stringify(v.value) === JSON.stringify(node!.toJSON()));
    if (hitEnum?.doc) value = `\`${JSON.stringify(hitEnum.value)}\`: ${hitEnum.doc}\n\n---\n\n${value}`;
  }
  if (!value.trim()) return null;
  const range = node?.range ? parsed.lines.range(node.range[0], node.range[1]) : undefined;
  return { contents: { kind: 'markdown', value }, range };
}
