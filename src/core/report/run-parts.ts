/**
 * A run that was stopped and resumed logs each part in one events file: `started … finished(cancelled)`,
 * then `started(resumedFromEpoch) …`. What the report says of the run as a whole comes from the last
 * part (how it stopped, its best epoch); a `finished` of an earlier part only says that part was
 * stopped. Wall time adds the parts: each part's `finished.seconds` counts from its own process start.
 */
type Json = Record<string, unknown>;

const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

/** How the part being finished ended, given by the runner (its report is written before its `finished` event). */
export interface PartOutcome { stopped: string; bestEpoch: number; seconds: number }

export interface RunParts {
  /** The `finished` event of the last part, or the runner's outcome for it; undefined while it runs. */
  finished?: { stopped?: string; bestEpoch?: number };
  /** Seconds over every part, when the last one has finished. */
  totalSeconds?: number;
}

export function runParts(events: Json[], outcome?: PartOutcome): RunParts {
  let lastStart = -1;
  events.forEach((e, i) => { if (e.type === 'started') lastStart = i; });
  const earlier = events.slice(0, Math.max(0, lastStart));
  const current = events.slice(Math.max(0, lastStart));
  const done = [...current].reverse().find((e) => e.type === 'finished');
  const finished = outcome ?? (done ? { stopped: typeof done.stopped === 'string' ? done.stopped : undefined, bestEpoch: num(done.bestEpoch), seconds: num(done.seconds) } : undefined);
  if (!finished) return {};
  const before = earlier.filter((e) => e.type === 'finished').reduce((a, e) => a + (num(e.seconds) ?? 0), 0);
  const own = num(finished.seconds);
  return {
    finished: { stopped: finished.stopped, bestEpoch: finished.bestEpoch },
    ...(own !== undefined ? { totalSeconds: before + own } : {}),
  };
}
