/**
 * Runs tasks with at most `parallel` in flight, starting each as soon as a slot frees, in the order given.
 * The first executor of the product (the local one): sweeps, the paper's study and ensembles share it.
 * `next` is asked for the next task only when a slot is free, so a caller can size a task (e.g. its share of
 * a time budget) from what has finished by then; returning null ends the queue.
 */
export async function runPool<T, R>(
  parallel: number, next: () => T | null, run: (task: T, slot: number) => Promise<R>, onDone?: (task: T, result: R) => void,
): Promise<void> {
  const lanes = Math.max(1, Math.floor(parallel));
  let failure: unknown = null;
  const lane = async (slot: number): Promise<void> => {
    for (;;) {
      if (failure !== null) return;
      const task = next();
      if (task === null) return;
      try {
        const r = await run(task, slot);
        onDone?.(task, r);
      } catch (e) {
        // A task that throws (not one that fails cleanly) stops the pool: the other lanes finish what they run.
        failure ??= e;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i)));
  if (failure !== null) throw failure;
}
