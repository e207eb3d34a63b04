/**
 * Checks a parsed line from the runner before anything downstream trusts it, against
 * schemas/run-event.schema.json (the contract; src/protocol/events.ts is its TypeScript side). The runner
 * is our own code, but it may be a different version, and a killed process leaves torn lines: anything
 * that is not a well-formed event of a known type becomes a described rejection, naming the offending
 * field, instead of a crash later.
 *
 * The schema is a oneOf over event types; validating the branch of the line's own `type` gives one
 * precise error ("epoch: /trainLoss must be a number") instead of one complaint per branch. Each branch
 * is compiled once per process (ajv generates code with `new Function`: fine in the extension host,
 * which is Node, not a webview under a CSP; the report reader does the same).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/run-event.schema.json';
import { EVENT_PROTOCOL_VERSION, type RunEvent } from '../../protocol/events';

export type EventCheck =
  | { ok: true; event: RunEvent }
  /** `field`: JSON pointer of the offending value (`/members/0/trainLoss`), when one is at fault. */
  | { ok: false; reason: string; field?: string };

interface Branch { properties: { type: { const: string } } }

let branches: Map<string, ValidateFunction> | undefined;

/** The schema branch of each event type, compiled on first use. */
function branchValidators(): Map<string, ValidateFunction> {
  if (branches) return branches;
  const ajv = new Ajv({ allErrors: false, strict: false });
  branches = new Map((schema.oneOf as Branch[]).map((b) => [b.properties.type.const, ajv.compile(b)]));
  return branches;
}

/** The event types the schema knows, in its order. */
export function schemaEventTypes(): string[] {
  return [...branchValidators().keys()];
}

export function validateEvent(value: unknown): EventCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  const o = value as Record<string, unknown>;
  // Version first: a newer runner's event is refused as such, not as a puzzling schema mismatch.
  if (typeof o.v === 'number' && o.v > EVENT_PROTOCOL_VERSION) {
    return { ok: false, reason: `event protocol v${o.v} is newer than this extension understands (v${EVENT_PROTOCOL_VERSION}); update the extension`, field: '/v' };
  }
  const type = o.type;
  const validate = typeof type === 'string' ? branchValidators().get(type) : undefined;
  if (!validate) return { ok: false, reason: `unknown event type ${JSON.stringify(type) ?? 'missing'}`, field: '/type' };
  if (validate(o)) return { ok: true, event: o as unknown as RunEvent };
  const err = validate.errors?.[0];
  const field = fieldOf(err);
  return { ok: false, reason: `${String(type)} event: ${readable(err, field)}`, field };
}

/** Parses and validates one NDJSON line. */
export function parseEventLine(line: string): EventCheck {
  let value: unknown;
  try { value = JSON.parse(line); } catch { return { ok: false, reason: `not JSON: ${line.slice(0, 80)}` }; }
  return validateEvent(value);
}

/** The pointer of the value at fault; for a missing or unknown property, that property's own pointer. */
function fieldOf(e: ErrorObject | undefined): string {
  if (!e) return '/';
  const p = e.params as Record<string, unknown>;
  const name = e.keyword === 'required' ? p.missingProperty : e.keyword === 'additionalProperties' ? p.additionalProperty : undefined;
  return typeof name === 'string' ? `${e.instancePath}/${name}` : e.instancePath || '/';
}

function readable(e: ErrorObject | undefined, field: string): string {
  if (!e) return 'does not match the run-event schema';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return `field ${field} is missing`;
    case 'additionalProperties': return `unknown field ${field}`;
    case 'type': {
      const types = Array.isArray(p.type) ? p.type as string[] : String(p.type).split(',');
      return `field ${field} should be ${types.map((t) => (t === 'null' ? 'null' : `a${/^[aeiou]/.test(t) ? 'n' : ''} ${t}`)).join(' or ')}`;
    }
    case 'enum': return `field ${field} should be one of ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`;
    case 'const': return `field ${field} should be ${JSON.stringify(p.allowedValue)}`;
    default: return `field ${field} ${e.message ?? 'does not match the run-event schema'}`;
  }
}
