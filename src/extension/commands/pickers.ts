/** Resolving what a command acts on: its argument (tree item, URI, path) or the user's pick. */
import * as vscode from 'vscode';
import { basename, join } from 'node:path';
import { readRunEvents } from '../../core/run-dir/read-run-dir';
import { listRuns, runRoots } from '../runs/run-list';
import { describe, summarize } from '../../core/run-dir/run-summary';
import { readSettings } from '../settings';

const CONFIG_GLOB = '**/*.mlip.{yaml,yml,json}';

export function isConfigDocument(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && (doc.languageId.startsWith('mlip-config') || /\.mlip\.(ya?ml|json)$/.test(doc.fileName));
}

/** The config to train: the argument, else the active editor, else a pick among the workspace's configs. */
export async function resolveConfig(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  const doc = vscode.window.activeTextEditor?.document;
  if (isConfigDocument(doc)) return doc.uri;
  const found = await vscode.workspace.findFiles(CONFIG_GLOB, '**/{node_modules,runs}/**', 200);
  if (!found.length) { void vscode.window.showWarningMessage('No *.mlip.yaml config in this workspace.'); return undefined; }
  if (found.length === 1) return found[0];
  const pick = await vscode.window.showQuickPick(found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })), { placeHolder: 'Config to train' });
  return pick?.uri;
}

export function runsRootFor(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  const base = folder ? folder.uri.fsPath : join(uri.fsPath, '..');
  return join(base, readSettings(uri).runsFolder);
}

export function allRunDirs(): string[] {
  // The same runs as the Runs view lists (the workspace's runs folder and the CLI's beside configs).
  return listRuns((vscode.workspace.workspaceFolders ?? []).flatMap((f) => runRoots(f.uri.fsPath, readSettings(f.uri).runsFolder)));
}

/** A run directory from a tree item / path argument, else a pick (filtered). */
export async function resolveRunDir(arg: unknown, filter: (dir: string) => boolean = () => true, placeHolder = 'Run'): Promise<string | undefined> {
  if (typeof arg === 'string' && arg) return arg;
  if (arg && typeof arg === 'object' && 'runDir' in arg && typeof (arg as { runDir: unknown }).runDir === 'string') return (arg as { runDir: string }).runDir;
  if (arg instanceof vscode.Uri) return arg.fsPath;
  const dirs = allRunDirs().filter(filter);
  if (!dirs.length) { void vscode.window.showInformationMessage('No matching runs in the runs folder.'); return undefined; }
  const items = dirs.map((d) => {
    let detail = '';
    try { detail = describe(summarize(basename(d), readRunEvents(d).events)); } catch { /* unreadable: still listed */ }
    return { label: basename(d), detail, dir: d };
  });
  return (await vscode.window.showQuickPick(items, { placeHolder }))?.dir;
}

export async function pickReports(many: boolean): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles('**/*.uqreport.json', '**/node_modules/**', 500);
  if (!found.length) { void vscode.window.showInformationMessage('No *.uqreport.json in this workspace yet: train a config first.'); return []; }
  const items = found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u }));
  // A multi-pick stays open when focus moves (e.g. to a report view that has just finished loading): ticking
  // several reports should not be lost to a click elsewhere; Escape still closes it.
  if (many) return ((await vscode.window.showQuickPick(items, { canPickMany: true, ignoreFocusOut: true, placeHolder: 'Reports to compare (two or more)' })) ?? []).map((i) => i.uri);
  const one = await vscode.window.showQuickPick(items, { placeHolder: 'Report to open' });
  return one ? [one.uri] : [];
}
