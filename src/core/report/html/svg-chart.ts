/**
 * A small static SVG chart (axes, ticks, lines, points, error bars) for the standalone HTML report: no
 * script, no network, so the page opens anywhere. Only numbers reach the SVG; labels are escaped.
 */
import { esc } from './escape';

export interface Series {
  label: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** symmetric error bars in y */
  yErr?: ArrayLike<number>;
  kind: 'line' | 'points' | 'dashed';
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  logY?: boolean;
  /** force equal ranges on both axes (parity plots) */
  square?: boolean;
  xRange?: [number, number];
  yRange?: [number, number];
}

const W = 420, H = 320, L = 62, R = 12, T = 28, B = 44;

function niceTicks(lo: number, hi: number, n = 5): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function fmtTick(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(1) : String(Number(v.toPrecision(4)));
}

function extent(values: number[], pad = 0.04): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo === hi) return [lo - 0.5 * (Math.abs(lo) || 1), hi + 0.5 * (Math.abs(hi) || 1)];
  const d = (hi - lo) * pad;
  return [lo - d, hi + d];
}

export function svgChart(spec: ChartSpec): string {
  const ty = (v: number) => (spec.logY ? Math.log10(Math.max(v, 1e-300)) : v);
  const xs: number[] = [], ys: number[] = [];
  for (const s of spec.series) {
    for (let i = 0; i < s.x.length; i++) {
      xs.push(s.x[i]);
      const e = s.yErr?.[i] ?? 0;
      ys.push(ty(s.y[i] - (spec.logY ? 0 : e)), ty(s.y[i] + e));
    }
  }
  let [x0, x1] = spec.xRange ?? extent(xs);
  let [y0, y1] = spec.yRange ? [ty(spec.yRange[0]), ty(spec.yRange[1])] : extent(ys);
  if (spec.square) { x0 = y0 = Math.min(x0, y0); x1 = y1 = Math.max(x1, y1); }
  const px = (v: number) => L + ((v - x0) / (x1 - x0)) * (W - L - R);
  const py = (v: number) => H - B - ((ty(v) - y0) / (y1 - y0)) * (H - T - B);
  const parts: string[] = [];
  parts.push(`<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="none" stroke="#999"/>`);
  for (const v of niceTicks(x0, x1)) {
    parts.push(`<line x1="${px(v).toFixed(1)}" x2="${px(v).toFixed(1)}" y1="${H - B}" y2="${H - B + 4}" stroke="#666"/><text x="${px(v).toFixed(1)}" y="${H - B + 16}" text-anchor="middle">${fmtTick(v)}</text>`);
  }
  for (const v of niceTicks(y0, y1)) {
    const y = (H - B - ((v - y0) / (y1 - y0)) * (H - T - B)).toFixed(1);
    const label = spec.logY ? `1e${Math.round(v)}` : fmtTick(v);
    if (spec.logY && Math.abs(v - Math.round(v)) > 1e-9) continue;
    parts.push(`<line x1="${L - 4}" x2="${L}" y1="${y}" y2="${y}" stroke="#666"/><text x="${L - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${label}</text>`);
  }
  spec.series.forEach((s, k) => {
    const color = esc(s.color);
    if (s.kind === 'points') {
      for (let i = 0; i < s.x.length; i++) {
        const cx = px(s.x[i]).toFixed(1), cy = py(s.y[i]).toFixed(1);
        if (s.yErr) parts.push(`<line x1="${cx}" x2="${cx}" y1="${py(s.y[i] - s.yErr[i]).toFixed(1)}" y2="${py(s.y[i] + s.yErr[i]).toFixed(1)}" stroke="${color}" stroke-opacity="0.35"/>`);
        parts.push(`<circle cx="${cx}" cy="${cy}" r="2.2" fill="${color}" fill-opacity="0.7"/>`);
      }
    } else {
      const pts = Array.from({ length: s.x.length }, (_, i) => `${px(s.x[i]).toFixed(1)},${py(s.y[i]).toFixed(1)}`).join(' ');
      parts.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="1.6"${s.kind === 'dashed' ? ' stroke-dasharray="5 4"' : ''}/>`);
    }
    parts.push(`<text x="${L + 8}" y="${T + 14 + 14 * k}" fill="${color}">${esc(s.label)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-size="11" font-family="sans-serif" role="img" aria-label="${esc(spec.title)}">
<text x="${W / 2}" y="16" text-anchor="middle" font-weight="bold">${esc(spec.title)}</text>
<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">${esc(spec.xLabel)}</text>
<text transform="translate(14 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>
${parts.join('\n')}
</svg>`;
}
