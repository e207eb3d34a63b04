/**
 * A small stand-in for the `vscode` module, enough to build the extension's tree providers and run manager
 * in a plain Node test (the real module exists only inside the editor). Import this file before any
 * module that imports 'vscode': it registers the stand-in with Node's CommonJS loader.
 *
 * `workspace.workspaceFolders` and `setting` are set by the test; a TreeView is faked with `fakeTreeView`.
 */
import Module from 'node:module';

type Listener<T> = (e: T) => unknown;

class Disposable {
  constructor(private readonly fn: () => void = () => {}) {}
  static from(...ds: { dispose(): unknown }[]): Disposable { return new Disposable(() => ds.forEach((d) => d.dispose())); }
  dispose(): void { this.fn(); }
}

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (l: Listener<T>): Disposable => {
    this.listeners.push(l);
    return new Disposable(() => { this.listeners = this.listeners.filter((x) => x !== l); });
  };
  fire(e: T): void { for (const l of [...this.listeners]) l(e); }
  dispose(): void { this.listeners = []; }
}

class TreeItem {
  description?: string;
  tooltip?: unknown;
  iconPath?: unknown;
  contextValue?: string;
  command?: unknown;
  constructor(readonly label: string, readonly collapsibleState?: number) {}
}

class MarkdownString {
  isTrusted = false;
  constructor(readonly value = '') {}
}

class ThemeIcon {
  constructor(readonly id: string) {}
}

const Uri = { file: (fsPath: string) => ({ fsPath, scheme: 'file', path: fsPath }) };

const noEvent = (): Disposable => new Disposable();

/** Settings the test sets, by "section.key" (e.g. "mlipUq.runsFolder"); everything else takes its default. */
export const setting = new Map<string, unknown>();

export const workspace = {
  workspaceFolders: undefined as { uri: { fsPath: string }; name: string; index: number }[] | undefined,
  isTrusted: true,
  createFileSystemWatcher: () => ({ onDidCreate: noEvent, onDidChange: noEvent, onDidDelete: noEvent, dispose() {} }),
  onDidChangeWorkspaceFolders: noEvent,
  getConfiguration: (section: string) => ({
    get: <T>(key: string, fallback: T): T => (setting.has(`${section}.${key}`) ? setting.get(`${section}.${key}`) as T : fallback),
  }),
  getWorkspaceFolder: () => undefined,
};

/** Opens the given folder as the workspace. */
export function openWorkspace(folder: string): void {
  workspace.workspaceFolders = [{ uri: Uri.file(folder), name: folder.split('/').pop()!, index: 0 }];
}

export const stub = {
  Disposable, EventEmitter, TreeItem, MarkdownString, ThemeIcon, Uri, workspace,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  commands: { executeCommand: async () => undefined },
};

/** A TreeView whose visibility the test changes: `show()` fires onDidChangeVisibility as the editor does. */
export function fakeTreeView(): { view: { onDidChangeVisibility: (l: Listener<{ visible: boolean }>) => Disposable; visible: boolean }; show(): void; hide(): void } {
  const e = new EventEmitter<{ visible: boolean }>();
  const view = { onDidChangeVisibility: e.event, visible: false };
  return {
    view,
    show() { view.visible = true; e.fire({ visible: true }); },
    hide() { view.visible = false; e.fire({ visible: false }); },
  };
}

// Resolve 'vscode' to this stand-in for every CommonJS require (tsx compiles the sources to CommonJS here).
const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
const load = loader._load;
loader._load = function (request: string, parent: unknown, isMain: boolean) {
  return request === 'vscode' ? stub : load.call(this, request, parent, isMain);
};
