/**
 * Stable colours: a series keeps its colour across updates, reloads and runs because the colour is
 * a function of its key (named series have fixed slots; members use their index).
 */
const fixed: Record<string, number> = {
  'train loss': 0, 'validation loss': 1, 'data term': 2, 'KL term': 3,
  'energy RMSE': 0, 'force RMSE': 1, 'learning rate': 4, 's/epoch': 5,
};

export function colourIndex(key: string): number {
  if (key in fixed) return fixed[key];
  const member = /member (\d+)/.exec(key);
  if (member) return Number(member[1]) - 1;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return h;
}

export function colourFor(key: string, series: string[]): string {
  return series[colourIndex(key) % series.length];
}

/** The same colour with an alpha, for fills and error bars (accepts #rgb, #rrggbb and rgb()). */
export function withAlpha(colour: string, alpha: number): string {
  const c = colour.trim();
  if (c.startsWith('#')) {
    const hex = c.length === 4 ? c.slice(1).split('').map((d) => d + d).join('') : c.slice(1, 7);
    const n = parseInt(hex, 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const m = /rgba?\(([^)]+)\)/.exec(c);
  if (m) { const [r, g, b] = m[1].split(',').map((s) => s.trim()); return `rgba(${r}, ${g}, ${b}, ${alpha})`; }
  return c;
}
