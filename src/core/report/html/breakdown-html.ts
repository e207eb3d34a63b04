/**
 * The HTML report's "where the errors are" section: where each set came from and the fitted reference
 * energies, force errors per element and errors per group (with their calibration: MACE, PICP95), and a
 * per-structure table of the test set (the worst errors first, then the most uncertain). Errors in
 * meV/atom and meV/Å, as the field writes them; σ as stored (raw).
 */
import { SET_NAMES, type SetName, type StructurePrediction, type UqMetricSet, type UqReport } from '../../../protocol/report';
import { terminalText } from '../escape-text';
import { formatMetric } from '../format-number';
import { esc as escHtml } from './escape';

/** Names come from data files: control characters (escape sequences) are shown as U+FFFD, then HTML-escaped. */
const esc = (s: unknown): string => escHtml(terminalText(String(s)));

/** Rows of the per-structure tables. */
const STRUCTURE_ROWS = 15;

const meV = (x: number) => formatMetric(1000 * x);

function metricRow(label: string, m: UqMetricSet, extra = ''): string {
  return `<tr><td>${esc(label)}</td>${extra}<td>${m.count}</td><td>${meV(m.mae)}</td><td>${meV(m.rmse)}</td><td>${meV(m.maxError)}</td><td>${formatMetric(m.mace)}</td><td>${formatMetric(100 * m.picp95)}</td></tr>`;
}

const HEAD = (first: string, unit: string, extra = '') => `<tr><th>${esc(first)}</th>${extra}<th>count</th><th>MAE (${unit})</th><th>RMSE (${unit})</th><th>max |e| (${unit})</th><th>MACE</th><th>PICP95 (%)</th></tr>`;

function provenance(r: UqReport): string {
  const out: string[] = [];
  const src = r.producer.split.source;
  if (src) out.push(`<p>Sets: ${SET_NAMES.filter((s) => src[s]).map((s) => `${esc(s)} — ${esc(src[s])}`).join('; ')}.</p>`);
  const moved = r.producer.split.moved;
  if (moved?.length) out.push(`<p>Moved into training so every element has training atoms: ${moved.map((m) => `${esc(m.name)} (from ${esc(m.from)}; ${esc(m.elements.join(', '))})`).join('; ')}.</p>`);
  const ref = r.producer.referenceEnergies;
  if (ref) {
    out.push(`<p>Reference energies fitted on ${ref.structures} training structures (least squares of total energy against composition; rms residual ${meV(ref.rmsPerAtom)} meV/atom${ref.rankDeficient ? '; the compositions do not separate the elements, only their combinations are meaningful' : ''}): ${Object.entries(ref.values).map(([el, v]) => `${esc(el)} ${formatMetric(v)} eV${ref.fitted.includes(el) ? '' : ' (given)'}`).join(', ')}.</p>`);
  }
  return out.join('\n');
}

function breakdownTables(r: UqReport): string {
  const out: string[] = [];
  for (const s of SET_NAMES) {
    const b = r.breakdown?.[s];
    if (!b) continue;
    if (b.forcesByElement) {
      out.push(`<h3>${esc(s)}: force errors per element</h3><table>${HEAD('element', 'meV/Å')}${Object.entries(b.forcesByElement).map(([el, m]) => metricRow(el, m)).join('')}</table>`);
    }
    if (b.groups) {
      const rows = Object.entries(b.groups).flatMap(([g, gm]) => [
        ...(gm.energy ? [metricRow(`${g} — energy (meV/atom)`, gm.energy, `<td>${gm.structures}</td>`)] : []),
        ...(gm.forces ? [metricRow(`${g} — forces (meV/Å)`, gm.forces, `<td>${gm.structures}</td>`)] : []),
      ]);
      out.push(`<h3>${esc(s)}: errors per group</h3><table>${HEAD('group', 'meV', '<th>structures</th>')}${rows.join('')}</table>`);
    }
  }
  return out.join('\n');
}

function structureTable(title: string, list: StructurePrediction[]): string {
  const rows = list.map((p) => {
    const e = p.energyPred - p.energyTrue;
    return `<tr><td>${esc(p.name)}</td><td>${p.group === undefined ? '—' : esc(p.group)}</td><td>${p.atoms}</td><td>${meV(e)}</td><td>${meV(p.energyStd)}</td><td>${p.energyStd > 0 ? formatMetric(Math.abs(e) / p.energyStd) : '—'}</td></tr>`;
  });
  return `<h3>${esc(title)}</h3><table><tr><th>structure</th><th>group</th><th>atoms</th><th>error (meV/atom)</th><th>σ (meV/atom)</th><th>|error|/σ</th></tr>${rows.join('')}</table>`;
}

function structureTables(r: UqReport): string {
  const set: SetName | undefined = (['test', 'validation'] as const).find((s) => r.predictions[s]?.structures.length);
  if (!set) return '';
  const st = r.predictions[set]!.structures;
  const worst = st.slice().sort((a, b) => Math.abs(b.energyPred - b.energyTrue) - Math.abs(a.energyPred - a.energyTrue)).slice(0, STRUCTURE_ROWS);
  const uncertain = st.slice().sort((a, b) => b.energyStd - a.energyStd).slice(0, STRUCTURE_ROWS);
  return `${structureTable(`${set}: the ${worst.length} largest energy errors`, worst)}\n${structureTable(`${set}: the ${uncertain.length} most uncertain structures`, uncertain)}`;
}

export function breakdownHtml(r: UqReport): string {
  const body = [provenance(r), breakdownTables(r), structureTables(r)].filter(Boolean).join('\n');
  return body ? `<h2>where the errors are</h2>\n${body}` : '';
}
