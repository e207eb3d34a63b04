/**
 * The study folder a results script reads: its first argument, else the paper-7815 bench's output; null, with a
 * line that says so, when it is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function studyOutDir(script: string): string | null {
  const out = process.argv[2] ?? join(__dirname, '..', '..', 'test-artifacts', 'paper-7815');
  if (existsSync(out)) return out;
  console.log(`${script}: ${out} is absent (run npm run bench -- paper-7815 first)`);
  return null;
}
