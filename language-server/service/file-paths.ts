/**
 * File-path completion relative to the config's folder: the folder part of what was typed is listed
 * (through an injected lister, so the service stays pure) and its entries offered; folders end with
 * `/` and re-open the suggestions.
 */
import type { CompletionItem } from 'vscode-languageserver';
import type { SchemaObject } from './schema-nav';

/** Files worth offering for `data.structures` (the formats the structure readers know). */
export const STRUCTURE_FILE = /\.(xsf|extxyz|xyz|tar\.gz|tgz|tar|gz)$/i;

export type DirLister = (absDir: string) => { name: string; dir: boolean }[];

const PATH_KEYS = /(^|_)(structures|files?|paths?|dir|directory|run_dir|stp|stp_files|setup|data)$/i;

export function looksLikePath(path: (string | number)[], schemas: SchemaObject[]): boolean {
  if (schemas.some((s) => s['x-path'] === true || s.format === 'path' || s.format === 'uri-reference' || s.format === 'glob')) return true;
  const named = path.filter((p): p is string => typeof p === 'string' && !/^\d+$/.test(p));
  const last = named[named.length - 1] ?? '';
  const parent = named[named.length - 2] ?? '';
  return PATH_KEYS.test(last) || parent === 'stp_files';
}

/** `accept` filters files (folders are always offered: they may hold what is wanted). */
export function completeFilePath(typed: string, configDir: string, list: DirLister, accept?: (name: string) => boolean): CompletionItem[] {
  const slash = typed.lastIndexOf('/');
  const folder = slash >= 0 ? typed.slice(0, slash + 1) : '';
  const abs = folder.startsWith('/') ? folder : joinPath(configDir, folder);
  let entries: { name: string; dir: boolean }[];
  try { entries = list(abs); } catch { return []; }
  return entries
    .filter((e) => !e.name.startsWith('.') && (e.dir || !accept || accept(e.name)))
    .map((e) => ({
      label: e.dir ? `${e.name}/` : e.name,
      kind: e.dir ? 19 : 17,
      insertText: `${folder}${e.name}${e.dir ? '/' : ''}`,
      filterText: `${folder}${e.name}`,
      sortText: `${e.dir ? '1' : '0'}${e.name}`,
      command: e.dir ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
    }));
}

function joinPath(dir: string, rel: string): string {
  if (!rel) return dir;
  return `${dir.replace(/\/+$/, '')}/${rel}`;
}
