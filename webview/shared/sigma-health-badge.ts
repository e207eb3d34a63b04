/**
 * The σ-health badge (src/core/uq/sigma-health.ts): "energy σ collapsed · scale 123", coloured by state,
 * the plain sentence and where the numbers come from in its tooltip. Built once and updated in place
 * (the dashboard's header redraws many times a second), its text changed only when it differs.
 */
import type { SigmaHealth, SigmaHealthState } from '../../src/core/uq/sigma-health';
import { el, fmt } from './dom';

/** Theme colours by state; set through the CSSOM, which the webviews' style-src CSP allows. */
const COLOURS: Record<SigmaHealthState, string> = {
  collapsed: 'var(--vscode-errorForeground, #f14c4c)',
  'over-confident': 'var(--vscode-editorWarning-foreground, #cca700)',
  'under-confident': 'var(--vscode-editorWarning-foreground, #cca700)',
  healthy: 'var(--vscode-charts-green, #388a34)',
  unknown: 'var(--vscode-descriptionForeground, #717171)',
};

export interface SigmaHealthBadge {
  root: HTMLElement;
  /** Shows `h` (hidden when undefined); `quantity` prefixes the words, `source` ends the tooltip. */
  update(h: SigmaHealth | undefined, quantity?: string, source?: string): void;
}

export function badgeText(h: SigmaHealth, quantity?: string): string {
  return `${quantity ? `${quantity} ` : ''}${h.label}${h.scale !== undefined ? ` · scale ${fmt(h.scale, 3)}` : ''}`;
}

export function createSigmaHealthBadge(): SigmaHealthBadge {
  const root = el('span', { class: 'pill sigma-health' });
  // The pill's capitals would turn σ into Σ (a sum), so the badge keeps its case.
  root.style.textTransform = 'none';
  root.hidden = true;
  return {
    root,
    update(h, quantity, source) {
      if (root.hidden === !!h) root.hidden = !h;
      if (!h) return;
      const text = badgeText(h, quantity);
      const title = `${h.detail}${h.scale !== undefined ? ` (σ' = ${fmt(h.scale, 3)}·σ calibrates it on validation)` : ''}${source ? `; ${source}` : ''}`;
      if (root.textContent !== text) root.textContent = text;
      if (root.title !== title) root.title = title;
      if (root.dataset.state !== h.state) { root.dataset.state = h.state; root.style.color = COLOURS[h.state]; }
      if (quantity !== undefined && root.dataset.quantity !== quantity) root.dataset.quantity = quantity;
    },
  };
}

/** A badge drawn once (the report viewer). */
export function sigmaHealthBadge(h: SigmaHealth, quantity?: string, source?: string): HTMLElement {
  const b = createSigmaHealthBadge();
  b.update(h, quantity, source);
  return b.root;
}

/** The report's badges in one line, one per quantity, each saying which set and fit it reads. */
export function sigmaHealthRow(list: readonly (SigmaHealth & { quantity: string; set: string; note?: string })[]): HTMLElement | null {
  if (!list.length) return null;
  return el('p', { class: 'sigma-health-row' }, ...list.flatMap((h, i) => [
    i ? ' ' : '',
    sigmaHealthBadge(h, h.quantity, `raw σ of the ${h.set} set, best epoch${h.note ? `; ${h.note}` : ''}`),
  ]));
}
