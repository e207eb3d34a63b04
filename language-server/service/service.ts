/**
 * The language service: pure functions of a document's text and URI (plus an element cache and a
 * directory lister the host provides) for diagnostics, completion, hover, quick fixes and lenses.
 * The LSP server is a thin layer over this; tests may call it directly.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, CodeLens, CompletionList, Diagnostic, Hover, Position } from 'vscode-languageserver';
import { CONFIG_SCHEMA } from '../../src/core/config';
import { isSweepFile, SWEEP_SCHEMA } from '../../src/core/sweep';
import { cursorContext } from './cursor';
import { diagnoseSweep, sweepSpaceHover, sweepSpaceItems } from './sweep-support';
import { checkConfigText } from '../../src/core/config/input-limits';
import { configLanguage } from '../../src/core/config/load';
import { parseForEditor, type EditorParse } from './parse';
import { SchemaNavigator } from './schema-nav';
import { diagnose, type DiagnoseResult } from './diagnose';
import { complete } from './completion';
import { hover } from './hover';
import { codeActions } from './code-actions';
import { codeLenses } from './code-lens';
import { ElementCache } from './element-cache';
import type { DirLister } from './file-paths';

export interface ServiceOptions {
  elements?: ElementCache;
  listDir?: DirLister;
}

/** File-system path of a `file:` URI (undefined for untitled and other schemes). */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try { return fileURLToPath(uri); } catch { return undefined; }
}

export class ConfigLanguageService {
  readonly nav = new SchemaNavigator(CONFIG_SCHEMA);
  /** `*.sweep.yaml` documents get the sweep schema (picked by file name, sweep-schema.ts). */
  readonly sweepNav = new SchemaNavigator(SWEEP_SCHEMA);
  readonly elements: ElementCache;
  private readonly listDir?: DirLister;
  private readonly parses = new Map<string, EditorParse>();
  /** Structure files each document's config names, from its last diagnostics run. */
  private readonly dataFiles = new Map<string, string[]>();

  constructor(options: ServiceOptions = {}) {
    this.elements = options.elements ?? new ElementCache();
    this.listDir = options.listDir;
  }

  private parse(text: string, uri: string): EditorParse {
    const hit = this.parses.get(uri);
    if (hit && hit.text === text) return hit;
    const p = parseForEditor(text, uri);
    this.parses.set(uri, p);
    return p;
  }

  forget(uri: string): void {
    this.parses.delete(uri);
    this.dataFiles.delete(uri);
  }

  private navFor(uri: string): SchemaNavigator {
    return isSweepFile(uri) ? this.sweepNav : this.nav;
  }

  diagnostics(text: string, uri: string): DiagnoseResult {
    const file = filePathOf(uri) ?? uri;
    if (isSweepFile(uri)) return diagnoseSweep(text, file, filePathOf(uri) !== undefined);
    const configDir = filePathOf(uri) ? dirname(file) : undefined;
    const result = diagnose(text, file, { configDir, elementsOf: (files) => this.elements.elementsOf(files) });
    if (result.dataFiles.length) this.dataFiles.set(uri, result.dataFiles);
    return result;
  }

  /** Structure files of the document not yet in the element cache (what a background scan should read). */
  filesToScan(uri: string): string[] {
    return this.elements.missing(this.dataFiles.get(uri) ?? []);
  }

  complete(text: string, uri: string, position: Position): CompletionList {
    // Text over the size or depth limits gets no completion (its diagnostics say why): the cursor analysis is not linear in it.
    if (checkConfigText(text, configLanguage(uri))) return { isIncomplete: false, items: [] };
    const p = this.parse(text, uri);
    const path = filePathOf(uri);
    if (isSweepFile(uri)) {
      const offset = p.lines.offset(position);
      const list = complete(p, this.sweepNav, offset, { configDir: path ? dirname(path) : undefined, listDir: this.listDir });
      list.items.push(...sweepSpaceItems(cursorContext(p.language, p.text, p.lines, offset)));
      return list;
    }
    // Element symbols need the config's data files; find them if no diagnostics run has yet.
    if (!this.dataFiles.has(uri)) {
      try { this.diagnostics(text, uri); } catch { /* completion does not depend on it */ }
    }
    return complete(p, this.nav, p.lines.offset(position), {
      elements: this.elements.knownElements(this.dataFiles.get(uri) ?? []),
      configDir: path ? dirname(path) : undefined,
      listDir: this.listDir,
    });
  }

  hover(text: string, uri: string, position: Position): Hover | null {
    if (checkConfigText(text, configLanguage(uri))) return null;
    const p = this.parse(text, uri);
    if (isSweepFile(uri)) return sweepSpaceHover(p, p.lines.offset(position)) ?? hover(p, this.sweepNav, p.lines.offset(position));
    return hover(p, this.nav, p.lines.offset(position));
  }

  codeActions(text: string, uri: string, diagnostics: Diagnostic[]): CodeAction[] {
    return codeActions(this.parse(text, uri), this.navFor(uri), uri, diagnostics);
  }

  codeLenses(uri: string): CodeLens[] {
    return isSweepFile(uri) ? [] : codeLenses(uri);
  }
}
