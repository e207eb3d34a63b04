/**
 * Hostile and broken config texts, generated from a seed (nothing committed): alias bombs of 6 to 12
 * levels placed before an example config, deep flow and block nesting, oversized files and scalars,
 * cyclic aliases, merge-key bombs, and seeded mutations of the example configs with those fragments
 * spliced in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../helpers/mulberry32';
import { mutate } from '../language-server/helpers/mutate';
import { REPO } from './helpers';

export function examples(): { name: string; text: string }[] {
  const dir = join(REPO, 'examples');
  return readdirSync(dir).filter((f) => /\.mlip\.ya?ml$/.test(f)).sort().map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/** `levels` anchors, each a sequence of `width` aliases of the previous: width^levels values when expanded. */
export function aliasBomb(levels: number, width = 9): string {
  let t = `x0: &a0 [${Array(width).fill('"lol"').join(', ')}]\n`;
  for (let i = 1; i < levels; i++) t += `x${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(', ')}]\n`;
  return t;
}

/** The same bomb built from `<<` merge keys of maps. */
export function mergeBomb(levels: number): string {
  let t = 'm0: &m0 { a: 1, b: 2, c: 3, d: 4 }\n';
  for (let i = 1; i < levels; i++) t += `m${i}: &m${i} [${Array(8).fill(`*m${i - 1}`).join(', ')}]\n`;
  return t;
}

export const HOSTILE: { name: string; text: () => string }[] = [
  ...[6, 9, 12].map((l) => ({ name: `alias bomb, ${l} levels, before an example`, text: () => aliasBomb(l) + examples()[0]!.text })),
  { name: 'merge-key bomb', text: () => mergeBomb(10) },
  { name: 'cyclic alias', text: () => 'a: &a [1, *a]\n' },
  { name: '100,000 open flow brackets', text: () => 'data: ' + '['.repeat(100_000) },
  { name: '5,000 balanced flow brackets', text: () => 'data: ' + '['.repeat(5000) + ']'.repeat(5000) },
  { name: '50,000 compact block sequences', text: () => '- '.repeat(50_000) + 'x\n' },
  { name: '3,000 nested block maps', text: () => Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n' },
  { name: '1 MB of config', text: () => examples()[0]!.text + `# ${'x'.repeat(1 << 20)}\n` },
  { name: 'a 100,000-character path', text: () => `data:\n  structures: "${'a/'.repeat(50_000)}"\n` },
];

/** `count` seeded mutations of the examples; every fifth has a hostile fragment spliced in at a random line. */
export function mutatedConfigs(count: number, seed: number): { name: string; text: string }[] {
  const rnd = mulberry32(seed);
  const base = examples();
  const fragments = [() => aliasBomb(6 + Math.floor(rnd() * 7)), () => '['.repeat(200 + Math.floor(rnd() * 5000)), () => '- '.repeat(100 + Math.floor(rnd() * 1000)), () => mergeBomb(8), () => '&z [*z]\n'];
  const out: { name: string; text: string }[] = [];
  for (let i = 0; i < count; i++) {
    const ex = base[i % base.length]!;
    let text = ex.text;
    const steps = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < steps; k++) text = mutate(text, rnd);
    if (i % 5 === 4) {
      const lines = text.split('\n');
      lines.splice(Math.floor(rnd() * lines.length), 0, fragments[Math.floor(rnd() * fragments.length)]!());
      text = lines.join('\n');
    }
    out.push({ name: `${ex.name} mutation ${i}`, text });
  }
  return out;
}
