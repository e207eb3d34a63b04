/**
 * Worker thread entry (bundled as dist/train-worker.js; run from source under tsx in tests): trains one range
 * of an ensemble's members (./member-steps.ts) on requests from the main thread's MemberThreads, or computes
 * its part of a BNN's batches each step (./split-part-steps.ts) through a shared-memory channel
 * (./step-channel.ts). Replies go to the port, then the worker raises its flag so the main thread, blocked in
 * Atomics.wait, reads them with receiveMessageOnPort (training epochs are synchronous on the main thread).
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import type { MemberReply, MemberRequest } from './member-protocol';
import { MemberSteps } from './member-steps';
import { SplitPartSteps } from './split-part-steps';
import { StepChannel } from './step-channel';

interface WorkerData { port: MessagePort; flags: Int32Array; index: number }

const { port, flags, index } = workerData as WorkerData;

function reply(r: MemberReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(r, transfer);
  Atomics.store(flags, index, 1);
  Atomics.notify(flags, index);
}

function message(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

let steps: MemberSteps | null = null;

port.on('message', (req: MemberRequest) => {
  try {
    if (req.type === 'init') {
      // The samples arrive in this message (not workerData, which lives as long as the worker) so they can be collected.
      const s = MemberSteps.create(req.init);
      if (typeof s === 'string') throw new Error(s);
      steps = s;
      reply({ type: 'ready' });
      return;
    }
    if (req.type === 'init-split' || req.type === 'init-network-split') {
      const s = req.type === 'init-split' ? SplitPartSteps.create(req.init) : SplitPartSteps.network(req.init);
      if (typeof s === 'string') throw new Error(s);
      reply({ type: 'ready' });
      // From here on this worker serves steps through shared memory until the main thread stops it (an
      // error goes out as a message, and the channel's status tells the main thread to read it).
      StepChannel.attach(req.channel).serve((x, bi, rng) => s.share(x, bi, rng), (e) => port.postMessage({ type: 'error', message: message(e) } satisfies MemberReply));
      return;
    }
    if (!steps) throw new Error('member worker has no kernel path');
    if (req.type === 'epoch') {
      const perRow = steps.epoch(req.theta, req.order, req.learningRate);
      reply({ type: 'epoch', theta: req.theta, perRow }, [req.theta.buffer as ArrayBuffer, perRow.buffer as ArrayBuffer]);
    } else if (req.type === 'state') {
      reply({ type: 'state', state: steps.state() });
    } else {
      steps.restore(req.state);
      reply({ type: 'restored' });
    }
  } catch (e) {
    reply({ type: 'error', message: message(e) });
  }
});
