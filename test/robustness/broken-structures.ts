/**
 * A corpus of broken and hostile structure files, generated from a seed (nothing committed): absurd
 * declared atom counts, cells of 0.001 and 0.3 Å, coordinates of 1e30 and 1e308, NUL bytes, atoms at
 * one place, random bytes, and seeded byte and line mutations of a valid XSF and extended-XYZ file.
 */
import { mulberry32 } from '../helpers/mulberry32';

export interface BrokenFile { name: string; content: string | Buffer }

const XSF_OK = `# total energy = -19603.7 eV

CRYSTAL
PRIMVEC
 4.6 0.0 0.0
 0.0 4.6 0.0
 0.0 0.0 2.96
PRIMCOORD
 6 1
Ti 0.0 0.0 0.0 0.1 0.0 0.0
Ti 2.3 2.3 1.48 -0.1 0.0 0.0
O 1.4 1.4 0.0 0.0 0.2 0.0
O 3.2 3.2 0.0 0.0 -0.2 0.0
O 3.7 0.9 1.48 0.0 0.0 0.3
O 0.9 3.7 1.48 0.0 0.0 -0.3
`;

const XYZ_OK = `3
Lattice="4.6 0 0 0 4.6 0 0 0 2.96" Properties=species:S:1:pos:R:3:forces:R:3 energy=-5000.5 pbc="T T T"
Ti 0.0 0.0 0.0 0.1 0 0
O 1.4 1.4 0.0 0 0.1 0
O 3.2 3.2 0.0 0 0 0.1
3
Lattice="4.6 0 0 0 4.6 0 0 0 2.96" Properties=species:S:1:pos:R:3:forces:R:3 energy=-5001.5 pbc="T T T"
Ti 0.1 0.0 0.0 0.1 0 0
O 1.4 1.5 0.0 0 0.1 0
O 3.2 3.2 0.1 0 0 0.1
`;

const xsf = (cell: string, count: string, atoms: string[], energy = '-100.0') =>
  `# total energy = ${energy} eV\nCRYSTAL\nPRIMVEC\n${cell}\nPRIMCOORD\n${count}\n${atoms.join('\n')}\n`;
const cube = (a: string) => ` ${a} 0 0\n 0 ${a} 0\n 0 0 ${a}`;
const xyz = (lattice: string, atoms: string[], o: { count?: string; energy?: string } = {}) =>
  `${o.count ?? atoms.length}\nLattice="${lattice}" Properties=species:S:1:pos:R:3 energy=${o.energy ?? '-100'} pbc="T T T"\n${atoms.join('\n')}\n`;

export const VALID: BrokenFile[] = [{ name: 'valid.xsf', content: XSF_OK }, { name: 'valid.extxyz', content: XYZ_OK }];

export function handcrafted(): BrokenFile[] {
  const rnd = mulberry32(7);
  return [
    { name: 'xsf-count-1e9.xsf', content: xsf(cube('4.6'), '1000000000 1', ['Ti 0 0 0']) },
    { name: 'xsf-count-1e20.xsf', content: xsf(cube('4.6'), '99999999999999999999 1', ['Ti 0 0 0']) },
    { name: 'xsf-count-negative.xsf', content: xsf(cube('4.6'), '-1 1', ['Ti 0 0 0']) },
    { name: 'xsf-count-float.xsf', content: xsf(cube('4.6'), '1e3 1', ['Ti 0 0 0']) },
    { name: 'xsf-cell-0.001.xsf', content: xsf(cube('0.001'), '1 1', ['Ti 0 0 0']) },
    { name: 'xsf-cell-0.3.xsf', content: xsf(cube('0.3'), '1 1', ['Ti 0 0 0']) },
    { name: 'xsf-cell-1e30.xsf', content: xsf(cube('1e30'), '1 1', ['Ti 0 0 0']) },
    { name: 'xsf-cell-degenerate.xsf', content: xsf(' 1 0 0\n 1 0 0\n 0 0 1', '1 1', ['Ti 0 0 0']) },
    { name: 'xsf-coordinate-1e30.xsf', content: xsf(cube('4.6'), '2 1', ['Ti 0 0 0', 'O 1e30 0 0']) },
    { name: 'xsf-coordinate-1e308.xsf', content: xsf(cube('4.6'), '2 1', ['Ti 0 0 0', 'O 1e308 0 0']) },
    { name: 'xsf-coordinate-inf.xsf', content: xsf(cube('4.6'), '2 1', ['Ti 0 0 0', 'O Infinity 0 0']) },
    { name: 'xsf-two-atoms-one-place.xsf', content: xsf(cube('4.6'), '2 1', ['Ti 1 1 1', 'O 1 1 1']) },
    { name: 'xsf-atom-on-its-image.xsf', content: xsf(cube('4.6'), '2 1', ['Ti 0 0 0', 'O 4.6 0 0']) },
    { name: 'xsf-dense.xsf', content: xsf(cube('1.0'), '4 1', ['Ti 0 0 0', 'O 0.5 0 0', 'O 0 0.5 0', 'Ti 0.5 0.5 0.5']) },
    { name: 'xsf-nul-after-symbol.xsf', content: xsf(cube('4.6'), '2 1', ['Ti\0 0 0 0', 'O 2 2 2']) },
    { name: 'xsf-nul-in-number.xsf', content: xsf(cube('4.6'), '2 1', ['Ti 0 0 0', 'O 2\x002 2 2']) },
    { name: 'xsf-unknown-element.xsf', content: xsf(cube('4.6'), '1 1', ['Xx 0 0 0']) },
    { name: 'xsf-energy-1e308.xsf', content: xsf(cube('4.6'), '2 1', ['Ti 0 0 0', 'O 2 2 2'], '1e308') },
    { name: 'xsf-energy-nan.xsf', content: xsf(cube('4.6'), '2 1', ['Ti 0 0 0', 'O 2 2 2'], 'NaN') },
    { name: 'xsf-megabyte-number.xsf', content: xsf(cube('4.6'), '1 1', [`Ti ${'9'.repeat(1 << 20)} 0 0`]) },
    { name: 'xsf-datagrid.xsf', content: `${XSF_OK}BEGIN_BLOCK_DATAGRID_3D\n` },
    { name: 'xsf-two-vectors.xsf', content: `# total energy = -1 eV\nCRYSTAL\nPRIMVEC\n 1 0 0\n 0 1 0\nPRIMCOORD\n1 1\nTi 0 0 0\n` },
    { name: 'xsf-empty.xsf', content: '' },
    { name: 'xsf-comments-only.xsf', content: '# nothing\n# here\n' },
    { name: 'xsf-random-bytes.xsf', content: Buffer.from(Array.from({ length: 4096 }, () => Math.floor(rnd() * 256))) },
    { name: 'xyz-count-1e20.extxyz', content: xyz('4.6 0 0 0 4.6 0 0 0 2.96', ['Ti 0 0 0', 'O 2 2 1'], { count: '99999999999999999999' }) },
    { name: 'xyz-count-1e9.extxyz', content: xyz('4.6 0 0 0 4.6 0 0 0 2.96', ['Ti 0 0 0', 'O 2 2 1'], { count: '1000000000' }) },
    { name: 'xyz-count-zero.extxyz', content: xyz('4.6 0 0 0 4.6 0 0 0 2.96', [], { count: '0' }) },
    { name: 'xyz-cell-0.001.extxyz', content: xyz('0.001 0 0 0 0.001 0 0 0 0.001', ['Ti 0 0 0']) },
    { name: 'xyz-cell-0.5.extxyz', content: xyz('0.5 0 0 0 0.5 0 0 0 0.5', ['Ti 0 0 0']) },
    { name: 'xyz-cell-1e30.extxyz', content: xyz('1e30 0 0 0 1e30 0 0 0 1e30', ['Ti 0 0 0']) },
    { name: 'xyz-coordinate-1e308.extxyz', content: xyz('4.6 0 0 0 4.6 0 0 0 2.96', ['Ti 0 0 0', 'O 1e308 0 0']) },
    { name: 'xyz-coordinate-1e30.extxyz', content: xyz('4.6 0 0 0 4.6 0 0 0 2.96', ['Ti 0 0 0', 'O 0 -1e30 0']) },
    { name: 'xyz-nul-after-symbol.extxyz', content: xyz('4.6 0 0 0 4.6 0 0 0 2.96', ['Ti\0 0 0 0', 'O 2 2 1']) },
    { name: 'xyz-two-atoms-one-place.extxyz', content: xyz('4.6 0 0 0 4.6 0 0 0 2.96', ['Ti 1 1 1', 'O 1 1 1']) },
    { name: 'xyz-atoms-0.05-apart.extxyz', content: xyz('4.6 0 0 0 4.6 0 0 0 2.96', ['Ti 1 1 1', 'O 1.05 1 1']) },
    { name: 'xyz-energy-1e308.extxyz', content: xyz('4.6 0 0 0 4.6 0 0 0 2.96', ['Ti 0 0 0', 'O 2 2 1'], { energy: '1e308' }) },
    { name: 'xyz-energy-inf.extxyz', content: xyz('4.6 0 0 0 4.6 0 0 0 2.96', ['Ti 0 0 0', 'O 2 2 1'], { energy: 'inf' }) },
    { name: 'xyz-hundred-columns.extxyz', content: `1\nProperties=species:S:1:pos:R:3 energy=-1\nTi ${'0 '.repeat(100)}\n` },
    { name: 'xyz-unclosed-quote.extxyz', content: `1\nLattice="4.6 0 0 energy=-1\nTi 0 0 0\n` },
    { name: 'xyz-megabyte-comment.extxyz', content: `1\nenergy=-1 note="${'x'.repeat(1 << 20)}"\nTi 0 0 0\n` },
    { name: 'xyz-pbc-without-lattice.extxyz', content: `1\nenergy=-1 pbc="T T T"\nTi 0 0 0\n` },
    { name: 'xyz-not-gzip.extxyz.gz', content: XYZ_OK },
    { name: 'xyz-random-bytes.extxyz', content: Buffer.from(Array.from({ length: 4096 }, () => Math.floor(rnd() * 256))) },
  ];
}

const JUNK = ['0', '9', '-', '.', 'e', 'E', '\0', ' ', '\t', '\n', 'X', '1e308', '-1e30', '0.001', '99999999999', 'NaN', '"', '=', '#', 'PRIMCOORD', ''];

/** Seeded mutations of the valid files: characters replaced, lines deleted, duplicated, swapped or numbers made huge. */
export function mutated(count: number, seed: number): BrokenFile[] {
  const rnd = mulberry32(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const out: BrokenFile[] = [];
  for (let i = 0; i < count; i++) {
    const base = i % 2 ? XYZ_OK : XSF_OK;
    let text = base;
    const steps = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < steps; k++) {
      const lines = text.split('\n');
      const at = Math.floor(rnd() * lines.length);
      const kind = Math.floor(rnd() * 5);
      if (kind === 0) { const p = Math.floor(rnd() * (text.length + 1)); text = text.slice(0, p) + pick(JUNK) + text.slice(p + 1); continue; }
      if (kind === 1) lines.splice(at, 1);
      else if (kind === 2) lines.splice(at, 0, lines[at] ?? '');
      else if (kind === 3) { const b = Math.floor(rnd() * lines.length); [lines[at], lines[b]] = [lines[b]!, lines[at]!]; }
      else lines[at] = (lines[at] ?? '').replace(/-?\d+(\.\d+)?/, pick(['1e308', '-1e30', '99999999999999999999', '0.001', '0', '1e-300']));
      text = lines.join('\n');
    }
    out.push({ name: `mutant-${i}.${i % 2 ? 'extxyz' : 'xsf'}`, content: text });
  }
  return out;
}
