/**
 * DOM building without innerHTML: every piece of text goes through textContent, so strings from a
 * report or a run (structure names, messages) can never become markup.
 */
type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | number | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') node.className = String(v);
    else if (k === 'text') node.textContent = String(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** Loading / empty / error: one explicit element, role=status or alert for screen readers. */
export function stateView(kind: 'loading' | 'empty' | 'error', title: string, detail?: string): HTMLElement {
  return el('section', { class: `state ${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-state': kind },
    el('h2', { text: title }), detail ? el('p', { text: detail }) : null);
}

export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(digits - 1);
  return x.toPrecision(digits);
}
