/**
 * The cursor context in YAML from indentation: lines indented less than the cursor's block open the
 * enclosing mappings (a `- ` opens a sequence item); lines at the block's column are its siblings.
 */
import type { CursorContext } from './cursor-context';
import type { LineIndex } from '../../../src/core/config/line-index';
import { flowCursorContext, yamlFlowStart } from './flow-cursor';

const KEY_LINE = /^(\s*)((?:-\s+)*)(?:"([^"]*)"|'([^']*)'|([^\s#:'"{}[\],][^:#]*?))\s*:(?:\s|$)/;

interface LineShape { indent: number; dashCols: number[]; key?: string; keyCol: number }

function shapeOf(line: string): LineShape | undefined {
  if (/^\s*(#.*)?$/.test(line)) return undefined;
  const lead = /^(\s*)/.exec(line)![1]!.length;
  const dashCols: number[] = [];
  let i = lead;
  while (line[i] === '-' && (line[i + 1] === ' ' || line[i + 1] === '\t' || i + 1 === line.length)) {
    dashCols.push(i);
    i++;
    while (line[i] === ' ' || line[i] === '\t') i++;
  }
  const m = KEY_LINE.exec(line);
  const key = m ? (m[3] ?? m[4] ?? m[5]?.trim()) : undefined;
  return { indent: lead, dashCols, key, keyCol: key !== undefined ? i : -1 };
}

export function yamlCursorContext(lines: LineIndex, offset: number): CursorContext {
  const pos = lines.position(offset);
  const full = lines.lineText(pos.line);
  const before = full.slice(0, pos.character);
  const lineStart = lines.lineStart(pos.line);

  // Inside `{ … }` or `[ … ]` the brackets, not the indentation, give the structure.
  const flowOpen = yamlFlowStart(lines.text, (l) => lines.lineStart(l), pos.line, offset);
  if (flowOpen !== undefined) {
    const owner = yamlCursorContext(lines, flowOpen);
    const base = owner.position === 'value' && owner.key !== undefined ? [...owner.path, owner.key] : owner.path;
    const inner = flowCursorContext(lines.text, flowOpen, offset, true);
    return { ...inner, path: [...base, ...inner.path], flow: true };
  }

  let position: CursorContext['position'];
  let key: string | undefined;
  let col: number;
  let prefix: string;
  let prefixStart: number;
  const valueMatch = /^(\s*)((?:-\s+)*)(?:"([^"]*)"|'([^']*)'|([^\s#:'"{}[\],][^:#]*?))\s*:(\s*)(.*)$/.exec(before);
  if (valueMatch) {
    position = 'value';
    key = valueMatch[3] ?? valueMatch[4] ?? valueMatch[5]!.trim();
    col = valueMatch[1]!.length + valueMatch[2]!.length;
    const raw = valueMatch[7]!;
    const unquoted = raw.replace(/^["']/, '');
    prefix = unquoted;
    prefixStart = lineStart + before.length - unquoted.length;
  } else {
    const m = /^(\s*)((?:-\s*)*)(["']?)([^\s:#"']*)$/.exec(before) ?? /^(\s*)()()(.*)$/.exec(before)!;
    col = m[1]!.length + m[2]!.length;
    prefix = m[4]!;
    prefixStart = lineStart + before.length - prefix.length;
    position = m[2]!.length ? 'item' : 'key';
  }
  // The token ends at the next separator after the cursor.
  const after = full.slice(pos.character);
  const tail = position === 'value' ? /^[^\s#"',\]}]*/.exec(after)![0] : /^[^\s:#"']*/.exec(after)![0];
  const replaceEnd = offset + tail.length;

  // Walk up: lines indented less than `threshold` open the enclosing blocks.
  const reversed: (string | number)[] = [];
  const siblings = new Set<string>();
  let threshold = col;
  let inSameBlock = true;
  const curShape = shapeOf(full);
  if (position === 'item') {
    // A `- ` on the cursor's line opens a sequence item: its content starts at `col`.
    const dashCol = curShape?.dashCols[curShape.dashCols.length - 1] ?? col;
    reversed.push(0);
    threshold = dashCol;
    inSameBlock = false;
  }
  for (let ln = pos.line - 1; ln >= 0 && (threshold > 0 || inSameBlock); ln--) {
    const text = lines.lineText(ln);
    if (/^(---|\.\.\.)(\s|$)/.test(text)) break;
    const s = shapeOf(text);
    if (!s) continue;
    if (s.key !== undefined && s.keyCol === threshold && inSameBlock) siblings.add(s.key);
    if (s.key !== undefined && s.keyCol < threshold) {
      reversed.push(s.key);
      threshold = s.keyCol;
      inSameBlock = false;
    }
    const innerDash = [...s.dashCols].reverse().filter((d) => d < threshold);
    for (const d of innerDash) {
      // A dash left of the block means the block is the content of a sequence item.
      reversed.push(0);
      threshold = d;
      inSameBlock = false;
    }
    if (s.key === undefined && s.dashCols.length === 0 && s.indent < threshold) {
      // A plain scalar line left of us (broken text); stop rather than guess.
      threshold = s.indent;
      inSameBlock = false;
    }
  }
  // Siblings below the cursor in the same block.
  if (position !== 'item') {
    for (let ln = pos.line + 1; ln < lines.lineCount; ln++) {
      const text = lines.lineText(ln);
      if (/^(---|\.\.\.)(\s|$)/.test(text)) break;
      const s = shapeOf(text);
      if (!s) continue;
      const start = s.dashCols.length ? s.dashCols[0]! : s.keyCol >= 0 ? s.keyCol : s.indent;
      if (start < col) break;
      if (s.key !== undefined && s.keyCol === col && s.dashCols.length === 0) siblings.add(s.key);
    }
  }
  if (position === 'value' && curShape?.key !== undefined) siblings.delete(key!);
  return {
    path: reversed.reverse(),
    position,
    key,
    prefix,
    replaceStart: prefixStart,
    replaceEnd,
    siblings,
    indent: col,
    lineIndent: /^\s*/.exec(full)![0].length,
    inQuotes: false,
  };
}

