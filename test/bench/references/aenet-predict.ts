/**
 * aenet's predict.x as the reference evaluator of exported potentials: writes predict.in (TYPES,
 * NETWORKS, FORCES, FILES) in a folder of its own, runs predict.x there and reads back, for every
 * structure, the cohesive and total energy and the forces it prints (predict.x lists atoms in input
 * order; energies with 8 decimals in eV, forces with 6 in eV/Å).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Absent } from './setup';

export interface PredictXResult {
  file: string;
  cohesiveEnergy: number;
  totalEnergy: number;
  /** 3N values, eV/Å */
  forces: number[];
}

/** Runs predict.x with one potential file per element (absolute paths) on the given XSF files. */
export function runPredictX(predictX: string, workDir: string, potentials: Record<string, string>, files: readonly string[]): PredictXResult[] | Absent {
  // predict.x 2.0.4 ended without evaluating anything when its FILES held 88-character paths (50 were
  // fine), so its input names short local copies of the potentials and links to the structures.
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(join(workDir, 'xsf'), { recursive: true });
  const types = Object.keys(potentials);
  for (const t of types) copyFileSync(potentials[t], join(workDir, `${t}.nn`));
  const local = files.map((f, i) => {
    const name = `xsf/${String(i + 1).padStart(6, '0')}.xsf`;
    symlinkSync(f, join(workDir, name));
    return name;
  });
  writeFileSync(join(workDir, 'predict.in'), [
    'TYPES', String(types.length), ...types, '',
    'NETWORKS', ...types.map((t) => `  ${t} ${t}.nn`), '',
    'FORCES', '',
    'FILES', String(files.length), ...local, '',
  ].join('\n'));
  const r = spawnSync('bash', ['-c', `'${predictX}' predict.in > predict.out`], { cwd: workDir, encoding: 'utf8' });
  if (r.status !== 0) return { absent: `predict.x failed in ${workDir}: ${r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`}` };
  return parsePredictOut(readFileSync(join(workDir, 'predict.out'), 'utf8'));
}

/** The per-structure blocks of predict.x's output. */
export function parsePredictOut(text: string): PredictXResult[] {
  const out: PredictXResult[] = [];
  let cur: PredictXResult | null = null;
  let inTable = false;
  for (const line of text.split('\n')) {
    const t = line.trim();
    let m: RegExpMatchArray | null;
    if ((m = t.match(/^File name\s*:\s*(\S+)$/)) && !t.endsWith('.nn')) {
      cur = { file: m[1], cohesiveEnergy: NaN, totalEnergy: NaN, forces: [] };
      out.push(cur);
      inTable = false;
    } else if (cur && t.startsWith('-----')) {
      inTable = true;
    } else if (cur && inTable && (m = t.match(/^[A-Z][a-z]?\s+(\S+\s+){2}\S+\s+(\S+)\s+(\S+)\s+(\S+)$/))) {
      cur.forces.push(Number(m[2]), Number(m[3]), Number(m[4]));
    } else if (cur && (m = t.match(/^Cohesive energy\s*:\s*(\S+)\s*eV/))) {
      cur.cohesiveEnergy = Number(m[1]);
      inTable = false;
    } else if (cur && (m = t.match(/^Total energy\s*:\s*(\S+)\s*eV/))) {
      cur.totalEnergy = Number(m[1]);
    }
  }
  return out;
}
