/** SIGTERM/SIGINT request a cancel (checkpoint, clean exit) instead of killing the run mid-write. */
export function cancelOnSignals(): { requested: boolean; release(): void } {
  const state = { requested: false, release: () => {} };
  const handler = () => { state.requested = true; };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  state.release = () => { process.off('SIGTERM', handler); process.off('SIGINT', handler); };
  return state;
}
