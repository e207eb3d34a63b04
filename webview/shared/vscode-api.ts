/**
 * The webview side of the host channel. Inside VS Code `acquireVsCodeApi` exists (callable once);
 * in the standalone HTML export it does not, and messages come from an embedded JSON element.
 */
interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

let api: VsCodeApi<unknown> | undefined;

export function vscodeApi<S>(): VsCodeApi<S> {
  if (!api) {
    api = typeof acquireVsCodeApi === 'function'
      ? acquireVsCodeApi<unknown>()
      : { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };
  }
  return api as VsCodeApi<S>;
}

export function inVsCode(): boolean {
  return typeof acquireVsCodeApi === 'function';
}
