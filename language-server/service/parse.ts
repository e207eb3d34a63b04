/**
 * The editor's view of a config text: `yaml` documents with their nodes and ranges (JSON with
 * comments goes through the same parser after its comments are blanked, offsets unchanged), for
 * completion, hover and edits. Diagnostics come from src/core/config's own parser instead, so the
 * editor and the runner report the same problems.
 */
import { Document, parseAllDocuments } from 'yaml';
import { blankJsonComments } from './jsonc';
import { configLanguage, type ConfigLanguage } from '../../src/core/config/load';
import { LineIndex } from '../../src/core/config/line-index';
import { checkConfigText } from '../../src/core/config/input-limits';
import { measureExpansion } from '../../src/core/config/yaml-expansion';
import { withoutStackTraces } from './diagnose';

export type { ConfigLanguage };

export interface ParsedDocument {
  doc: Document.Parsed;
  /** The plain value (aliases and merge keys resolved); undefined when empty or unreadable. */
  value: unknown;
}

export interface EditorParse {
  language: ConfigLanguage;
  text: string;
  lines: LineIndex;
  docs: ParsedDocument[];
}

export function parseForEditor(text: string, uri: string): EditorParse {
  const language = configLanguage(uri);
  const lines = new LineIndex(text);
  const source = language === 'json' ? blankJsonComments(text) : text;
  const docs: ParsedDocument[] = [];
  let parsed: Document.Parsed[] = [];
  // Text too large or too deep is not parsed at all (the diagnostics say why); alias bombs are not expanded.
  if (checkConfigText(text, language)) return { language, text, lines, docs };
  try {
    parsed = withoutStackTraces(() => parseAllDocuments(source, { merge: true, prettyErrors: false, uniqueKeys: false, strict: false, logLevel: 'error' })) as Document.Parsed[];
    if (!Array.isArray(parsed)) parsed = [];
  } catch {
    // `yaml` recovers from every syntax error we know of; the diagnostics report whatever this was.
  }
  for (const doc of parsed) {
    let value: unknown;
    try {
      value = doc.contents === null || measureExpansion(doc).problem ? undefined : doc.toJS({ maxAliasCount: 1000 });
    } catch {
      value = undefined;
    }
    docs.push({ doc, value });
  }
  return { language, text, lines, docs };
}

/** The document holding `offset` (the first one when none does). */
export function documentAt(parse: EditorParse, offset: number): ParsedDocument | undefined {
  return parse.docs.find((d) => offset >= d.doc.range[0] && offset <= d.doc.range[2]) ?? parse.docs[0];
}
