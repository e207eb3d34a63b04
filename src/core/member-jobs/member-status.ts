/**
 * Where each member of an ensemble trained as separate jobs stands, read from its own run directory's
 * events: `finished` (its last part ended with a result: kept, never retrained), `interrupted` (events but
 * no result: killed, cancelled or failed; continued from its checkpoint) or `absent` (never started).
 * The member run directories are `members/member-01`, `members/member-02`, … inside the ensemble's run.
 */
import type { RunEvent } from '../../protocol/events';

export type MemberStatus = 'finished' | 'interrupted' | 'absent';

export const MEMBERS_FOLDER = 'members';

/** Member k's (0-based) run directory, relative to the ensemble's run directory. */
export function memberRunDir(k: number, members: number): string {
  return `${MEMBERS_FOLDER}/member-${String(k + 1).padStart(Math.max(2, String(members).length), '0')}`;
}

/** `events`: the member run's events.ndjson, parsed (null: the file does not exist). */
export function memberStatus(events: readonly RunEvent[] | null): MemberStatus {
  if (events === null) return 'absent';
  let lastStart = -1;
  events.forEach((e, i) => { if (e.type === 'started') lastStart = i; });
  const done = events.slice(Math.max(0, lastStart)).filter((e) => e.type === 'finished').pop();
  return done?.type === 'finished' && done.stopped !== 'cancelled' ? 'finished' : 'interrupted';
}
