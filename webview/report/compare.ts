/** The comparison's warning when the reports were not tested on the same structures (src/core/report/test-set-difference.ts). */
import type { UqReport } from '../../src/protocol/report';
import { testSetDifference } from '../../src/core/report/test-set-difference';
import { el } from '../shared/dom';

export function testSetWarning(reports: { label: string; report: UqReport }[]): HTMLElement | null {
  const text = testSetDifference(reports);
  return text ? el('p', { class: 'warning test-set-warning', role: 'status', text: `⚠ ${text[0].toUpperCase()}${text.slice(1)}; compare them with care.` }) : null;
}
