/**
 * Language-server latency over real stdio, against the targets (the baseline): diagnostics
 * for a 300-line config, p50/p95 over 200 edits (target p95 ≤ 20 ms); completion p95 ≤ 20 ms; and
 * 10,000 fuzz mutations (no crash, every response ≤ 100 ms). `--edits=N`, `--fuzz=N` shrink it.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../language-server/helpers/lsp-client';
import { REPO } from '../language-server/helpers/build';
import { percentile, runFuzz } from '../language-server/helpers/fuzz-run';
import { mulberry32 } from '../helpers/mulberry32';
import { positionOf } from '../language-server/helpers/mutate';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const EDITS = arg('edits', 200);
const FUZZ = arg('fuzz', 10_000);
const TARGET_MS = 20;
const FUZZ_LIMIT_MS = 100;

const ELEMENTS = 'H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr'.split(' ');

/** A realistic but long config: every section, comments, 40 reference energies, 20 per-element set-ups. */
function config300(): string {
  const out: string[] = [
    '# yaml-language-server: $schema=../schemas/mlip-config.schema.json',
    '# Bench config: every section of the schema, long lists, comments.',
    'data:',
    '  structures:',
  ];
  for (let i = 0; i < 30; i++) out.push(`    - data/tio2-1000-xsf.tar.gz   # copy ${i}`);
  out.push('  format: xsf', '  units: eV', '  # isolated-atom energies, eV', '  reference_energies:');
  ELEMENTS.forEach((el, i) => out.push(`    ${el}: ${(-100 - i * 37.5).toFixed(6)}`));
  out.push('  max_energy: 2.0', '  split: { train: 0.8, validation: 0.1, test: 0.1, seed: 1 }', '  subset:', '    fraction: 0.2', '    seed: 3', '  limit: null');
  out.push('descriptor:', '  radial_cutoff: 6.5', '  radial_order: 20', '  angular_cutoff: 5.0', '  angular_order: 6', '  env: [Ti, O]', '  elements:');
  for (const el of ELEMENTS.slice(0, 22)) out.push(`    ${el}:`, '      radial_cutoff: 6.0', '      radial_order: 18', '      angular_cutoff: 4.0', '      angular_order: 5', '      rmin: 0.5');
  out.push('network:', '  hidden: [15, 15]', '  activation: tanh', 'method:', '  type: bnn', '  bnn:', '    estimator: lrt', '    prior_scale: 0.209',
    '    q_scale: 0.000227', '    sigma_obs_energy: 0.132', '    kl_weighting: paper', '    train_samples: 1', '    predict_samples: 20');
  out.push('training:', '  optimizer:', '    type: adam', '    beta1: 0.95', '    beta2: 0.999', '  clip: 15', '  learning_rate: 0.0000493', '  batch_size: 64',
    '  epochs: 1000', '  early_stopping:', '    patience: 100', '    min_delta: 0', '  force_weight: 0', '  seed: 1', '  backend: auto');
  out.push('evaluation:', '  calibration_every: 25', 'output:', '  run_dir: runs/bench');
  while (out.length < 300) out.push(`# note ${out.length}: padding comment so the file has 300 lines`);
  return out.join('\n') + '\n';
}

function stats(label: string, times: number[], target: number): void {
  const s = [...times].sort((a, b) => a - b);
  const p50 = percentile(s, 0.5);
  const p95 = percentile(s, 0.95);
  console.log(`${label}: n=${s.length} p50 ${p50.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms  max ${s[s.length - 1]!.toFixed(2)} ms  ratio p95/target ${(p95 / target).toFixed(2)} (target ${target} ms) ${p95 <= target ? 'OK' : 'OVER'}`);
}

async function main(): Promise<void> {
  const client = await LspClient.start();
  const uri = pathToFileURL(join(REPO, 'examples', 'bench-300.mlip.yaml')).href;
  let text = config300();
  console.log(`config: ${text.split('\n').length - 1} lines, ${text.length} characters`);
  client.open(uri, text);
  const refreshed = client.nextRefresh(60_000);
  refreshed.catch(() => undefined);
  await client.diagnostics(uri);
  await refreshed.catch(() => undefined);
  const rnd = mulberry32(7);

  // Edits a user makes: retype the learning rate, a cutoff, a reference energy; each followed by a pull.
  const lines = text.split('\n');
  const targets = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s+[\w]+: -?\d/.test(l)).map(([, i]) => i);
  const diag: number[] = [];
  for (let i = 0; i < EDITS + 20; i++) {
    const line = targets[Math.floor(rnd() * targets.length)]!;
    const old = lines[line]!;
    const colon = old.indexOf(':');
    const value = (rnd() * 10).toFixed(3);
    client.edit(uri, { start: { line, character: colon + 2 }, end: { line, character: old.length } }, value);
    lines[line] = old.slice(0, colon + 2) + value;
    const t0 = performance.now();
    await client.diagnostics(uri);
    if (i >= 20) diag.push(performance.now() - t0); // the first 20 warm the JIT
  }
  text = lines.join('\n');
  stats('diagnostics, 300-line config, per edit', diag, TARGET_MS);

  const comp: number[] = [];
  for (let i = 0; i < EDITS + 20; i++) {
    const t0 = performance.now();
    await client.complete(uri, positionOf(text, Math.floor(rnd() * text.length)));
    if (i >= 20) comp.push(performance.now() - t0);
  }
  stats('completion, 300-line config, random positions', comp, TARGET_MS);
  client.close(uri);

  const fuzz = await runFuzz(client, FUZZ, 424242);
  const alive = client.exited === null;
  stats(`fuzz, ${FUZZ} mutations (diagnostics + completion)`, fuzz.times, FUZZ_LIMIT_MS);
  const over = fuzz.times.filter((t) => t > FUZZ_LIMIT_MS).length;
  console.log(`fuzz: server ${alive ? 'alive' : 'CRASHED'}, handler errors logged ${client.errors.length}, responses over ${FUZZ_LIMIT_MS} ms: ${over}, slowest ${fuzz.slowest.ms.toFixed(1)} ms (${fuzz.slowest.what})`);
  await client.stop();
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
