/** Loads test/fixtures/reference/uq-cases.json (uncertainty-toolbox 0.1.1 values; see PROVENANCE.md). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface UqCase {
  name: string;
  note: string;
  y_true: number[];
  y_pred: number[];
  y_std: number[];
  metrics: Record<string, number | Record<string, number | number[]>>;
}

export function loadUqCases(): UqCase[] {
  const file = join(__dirname, '..', '..', 'fixtures', 'reference', 'uq-cases.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: UqCase[] }).cases;
}

export function assertClose(actual: number | null, expected: number, rel: number, what: string): void {
  if (actual === null || !Number.isFinite(actual)) throw new Error(`${what}: got ${actual}, expected ${expected}`);
  const tol = rel * Math.max(Math.abs(expected), 1e-300);
  if (Math.abs(actual - expected) > tol && !(expected === 0 && Math.abs(actual) <= rel)) {
    throw new Error(`${what}: got ${actual}, expected ${expected} (rel. diff ${Math.abs(actual - expected) / Math.abs(expected)})`);
  }
}
