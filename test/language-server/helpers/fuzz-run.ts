/**
 * The fuzz loop shared by the fuzz test and the bench: bursts of seeded mutations of the example
 * configs, each sent as an incremental didChange and followed by a pull-diagnostics or completion
 * request whose round trip is timed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LspClient } from './lsp-client';
import { REPO } from './build';
import { mulberry32 } from '../../helpers/mulberry32';
import { diffAsChange, mutate, positionOf } from './mutate';

export interface FuzzResult {
  times: number[];
  slowest: { ms: number; what: string };
  /** Responses over `retryOverMs`, asked again at once for the same text: [first ms, retry ms, what]. */
  retried: [number, number, string][];
}

export function exampleConfigs(): { name: string; text: string }[] {
  const dir = join(REPO, 'examples');
  return readdirSync(dir).filter((f) => /\.mlip\.(ya?ml|json)$/.test(f)).sort().map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * Opens the first example and waits for its background data scan (a once-per-session cost, like the
 * JIT warming up), so the timed loop measures what typing costs.
 */
export async function warmUp(client: LspClient): Promise<void> {
  const [first] = exampleConfigs();
  if (!first) return;
  const uri = pathToFileURL(join(REPO, 'examples', `warm-${first.name}`)).href;
  const refreshed = client.nextRefresh(30_000);
  client.open(uri, first.text);
  await client.diagnostics(uri);
  await refreshed.catch(() => undefined);
  for (let i = 0; i < 20; i++) await client.diagnostics(uri);
  client.close(uri);
}

/**
 * `retryOverMs`: a response slower than this is requested again for the same text. A slow path in the
 * server repeats; a stall of a shared, overloaded machine does not. Callers judge both numbers.
 */
export async function runFuzz(client: LspClient, edits: number, seed: number, burst = 25, retryOverMs = Infinity): Promise<FuzzResult> {
  const examples = exampleConfigs();
  if (!examples.length) throw new Error('no examples/*.mlip.yaml to mutate');
  const rnd = mulberry32(seed);
  const times: number[] = [];
  const retried: [number, number, string][] = [];
  let slowest = { ms: 0, what: '' };
  let done = 0;
  for (let e = 0; done < edits; e = (e + 1) % examples.length) {
    const { name, text: base } = examples[e]!;
    const uri = pathToFileURL(join(REPO, 'examples', `fuzz-${name}`)).href;
    client.open(uri, base);
    let text = base;
    for (let k = 0; k < burst && done < edits; k++, done++) {
      const next = mutate(text, rnd);
      const change = diffAsChange(text, next);
      client.edit(uri, change.range, change.text);
      text = next;
      const position = positionOf(text, Math.floor(rnd() * (text.length + 1)));
      const request = () => (k % 3 === 2 ? client.complete(uri, position) : client.diagnostics(uri));
      const t0 = performance.now();
      await request();
      const ms = performance.now() - t0;
      times.push(ms);
      const what = `${name}, edit ${k} of its burst, ${k % 3 === 2 ? 'completion' : 'diagnostics'}`;
      if (ms > slowest.ms) slowest = { ms, what };
      if (ms > retryOverMs) {
        const t1 = performance.now();
        await request();
        retried.push([ms, performance.now() - t1, what]);
      }
    }
    client.close(uri);
  }
  return { times, slowest, retried };
}

export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
