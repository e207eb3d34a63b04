/**
 * SIGTERM/SIGINT request a cancel (checkpoint, clean exit) instead of killing the run mid-write. The
 * runner checks the request between epochs and every 200 ms of featurisation. A second signal exits at
 * once: every file is written atomically, so that loses at most the epoch in progress, which --resume redoes.
 */
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export function cancelOnSignals(): { requested: boolean; release(): void } {
  const state = { requested: false, release: () => {} };
  const handler = (signal: NodeJS.Signals) => {
    if (state.requested) process.exit(SIGNAL_EXIT[signal] ?? 1);
    state.requested = true;
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  state.release = () => { process.off('SIGTERM', handler); process.off('SIGINT', handler); };
  return state;
}
