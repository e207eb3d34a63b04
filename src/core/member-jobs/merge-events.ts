/**
 * The ensemble run's events from its members' events, so the merged run directory reads like one run to
 * the dashboard, the report and the Runs view: the first member's `started` (the ensemble's method, member
 * count and config hash), the members' warnings once each, and per epoch one `epoch` event whose `members`
 * holds each member's numbers (null past a member's last epoch). The run-level training loss is the
 * members' mean, as an in-process ensemble reports it (Σ_m loss_m / M); the validation error of the mean
 * needs every member's predictions at that epoch, which separate jobs never had together, so it is null per
 * epoch and known from the merged predictions at the end. Each member keeps its own best epoch and stops
 * early on its own.
 */
import type { EpochEvent, FinishedEvent, MemberEpochStats, RunEvent, StartedEvent, StopReason } from '../../protocol/events';

type Body<E> = E extends RunEvent ? Omit<E, 'v' | 't' | 'run'> : never;
export type MergedEventBody = Body<RunEvent>;

export interface MergedRunFacts {
  configHash: string;
  configFile: string;
  /** How the members ran (`local (2 processes)`, `slurm (…)`). */
  executor: string;
  /** Wall-clock seconds of the whole ensemble run, members and merge. */
  seconds: number;
  report: string;
  summary: Record<string, number>;
}

const strip = <E extends RunEvent>(e: E): Body<E> => { const { v: _v, t: _t, run: _r, ...rest } = e; return rest as Body<E>; };
const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** The worst of the members' endings: a budget or early stop anywhere is what the ensemble run says. */
function stopReason(members: FinishedEvent[]): StopReason {
  const said = new Set(members.map((f) => f.stopped ?? 'completed'));
  for (const s of ['cancelled', 'time-budget', 'early-stopping'] as const) if (said.has(s)) return s;
  return 'completed';
}

/** `members[k]`: member k's events (every part, in file order). */
export function mergeMemberEvents(members: readonly RunEvent[][], facts: MergedRunFacts): MergedEventBody[] {
  const M = members.length;
  const startedOf = (k: number) => members[k].find((e): e is StartedEvent => e.type === 'started');
  const first = startedOf(0);
  if (!first) throw new Error('member 1 has no started event');
  const finishedOf = members.map((ev) => [...ev].reverse().find((e): e is FinishedEvent => e.type === 'finished'));
  const epochsOf = members.map((ev) => new Map(ev.filter((e): e is EpochEvent => e.type === 'epoch').map((e) => [e.epoch, e])));
  const lastEpoch = Math.max(0, ...epochsOf.map((m) => Math.max(0, ...m.keys())));
  const bestEpochs = finishedOf.map((f) => f?.bestEpoch ?? 0);
  const bestEpoch = Math.max(...bestEpochs);
  const { resumedFromEpoch: _r, ...started } = strip(first);
  const out: MergedEventBody[] = [{
    ...started, members: M, configHash: facts.configHash, configFile: facts.configFile,
    engineReason: `${first.engineReason ?? first.engine ?? 'training steps'}; the ${M} members trained as separate jobs (${facts.executor})`,
  }];
  out.push({ type: 'log', level: 'info', message: `members trained as separate jobs (${facts.executor}), each to its own best epoch: ${bestEpochs.join(', ')}` });
  const warnings = new Set<string>();
  for (const ev of members) for (const e of ev) if (e.type === 'warning') warnings.add(e.message);
  for (const message of warnings) out.push({ type: 'warning', message });
  const featurize = [...members[0]].reverse().find((e) => e.type === 'featurize');
  if (featurize) out.push(strip(featurize));
  for (let epoch = 1; epoch <= lastEpoch; epoch++) {
    const at = epochsOf.map((m) => m.get(epoch));
    const present = at.filter((e): e is EpochEvent => !!e);
    const stats: MemberEpochStats[] = at.map((e) => (e
      ? { trainLoss: e.trainLoss, ...(finite(e.valEnergyRmse) ? { valEnergyRmse: e.valEnergyRmse } : {}), ...(finite(e.valForceRmse) ? { valForceRmse: e.valForceRmse } : {}) }
      : { trainLoss: NaN })); // written as null: the member had stopped
    const mean = (f: (e: EpochEvent) => number) => present.reduce((a, e) => a + f(e), 0) / present.length;
    out.push({
      type: 'epoch', epoch, epochs: first.epochs, trainLoss: mean((e) => e.trainLoss), dataTerm: mean((e) => e.dataTerm), klTerm: 0,
      valLoss: NaN, valEnergyRmse: NaN, learningRate: present[0].learningRate,
      // Members run side by side: an epoch of the ensemble lasts as long as its slowest member's.
      seconds: Math.max(...present.map((e) => e.seconds)), etaSeconds: 0, members: stats, best: epoch === bestEpoch,
    });
  }
  out.push({
    type: 'finished', epochs: lastEpoch, bestEpoch, seconds: facts.seconds, report: facts.report, summary: facts.summary,
    stopped: stopReason(finishedOf.filter((f): f is FinishedEvent => !!f)),
  });
  return out;
}
