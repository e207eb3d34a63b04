/**
 * Checks a parsed line from the runner before anything downstream trusts it. The runner is our own
 * code, but it may be a different version, and a killed process leaves torn lines: anything that is
 * not a well-formed event of a known type becomes a described rejection instead of a crash later.
 */
import { EVENT_PROTOCOL_VERSION, type RunEvent, type RunEventType } from '../../protocol/events';

const numericFields: Record<RunEventType, string[]> = {
  started: ['epochs', 'threads'],
  featurize: ['done', 'total'],
  epoch: ['epoch', 'epochs', 'trainLoss', 'valLoss', 'valEnergyRmse', 'learningRate', 'seconds'],
  calibration: ['epoch', 'mace'],
  checkpoint: ['epoch'],
  warning: [],
  log: [],
  finished: ['epochs'],
  failed: [],
};

export type EventCheck = { ok: true; event: RunEvent } | { ok: false; reason: string };

export function validateEvent(value: unknown): EventCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  const o = value as Record<string, unknown>;
  if (typeof o.type !== 'string' || !(o.type in numericFields)) return { ok: false, reason: `unknown event type ${JSON.stringify(o.type)}` };
  if (typeof o.v === 'number' && o.v > EVENT_PROTOCOL_VERSION) {
    return { ok: false, reason: `event protocol v${o.v} is newer than this extension understands (v${EVENT_PROTOCOL_VERSION}); update the extension` };
  }
  for (const f of numericFields[o.type as RunEventType]) {
    // JSON has no NaN: a diverged loss arrives as null, which is still a well-formed epoch.
    if (!(f in o) || (typeof o[f] !== 'number' && o[f] !== null)) return { ok: false, reason: `${o.type} event: field "${f}" should be a number` };
  }
  if (o.type === 'calibration' && (!Array.isArray(o.expected) || !Array.isArray(o.observed))) {
    return { ok: false, reason: 'calibration event: "expected" and "observed" should be arrays' };
  }
  if ((o.type === 'warning' || o.type === 'log' || o.type === 'failed') && typeof o.message !== 'string') {
    return { ok: false, reason: `${o.type} event: "message" should be a string` };
  }
  return { ok: true, event: o as unknown as RunEvent };
}

/** Parses and validates one NDJSON line. */
export function parseEventLine(line: string): EventCheck {
  let value: unknown;
  try { value = JSON.parse(line); } catch { return { ok: false, reason: `not JSON: ${line.slice(0, 80)}` }; }
  return validateEvent(value);
}
