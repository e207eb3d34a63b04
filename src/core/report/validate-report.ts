/**
 * Checks a parsed object against schemas/uq-report.schema.json (ajv). Version first: a report from a
 * newer schema version gets "written by a newer version" rather than a confusing schema error. Schema
 * failures name the instance path (`/metrics/test/energy/raw/metrics/mae`) and say what was expected.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/uq-report.schema.json';
import { LocatedError } from '../errors';
import { REPORT_KIND, REPORT_SCHEMA_VERSION, type UqReport } from '../../protocol/report';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  // Compiled once per process; allErrors off so a huge wrong file stops at its first problem.
  compiled ??= new Ajv({ allErrors: false, strict: false }).compile(schema);
  return compiled;
}

/** Returns the object typed as a report, or throws a LocatedError (`file` is only for the message). */
export function validateReport(obj: unknown, file?: string): UqReport {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new LocatedError(`not a report: the top level is ${describe(obj)}`, { file, field: '/' }, 'a JSON object with "kind": "mlip-uq-report"');
  }
  const o = obj as Record<string, unknown>;
  if (o.kind !== REPORT_KIND) {
    throw new LocatedError(`not an MLIP UQ report ("kind" is ${JSON.stringify(o.kind) ?? 'missing'})`, { file, field: '/kind' }, `"${REPORT_KIND}"`);
  }
  const v = o.schemaVersion;
  if (typeof v === 'number' && Number.isInteger(v) && v > REPORT_SCHEMA_VERSION) {
    throw new LocatedError(
      `this report was written by a newer version of MLIP Uncertainty Studio (report schema ${v}; this version reads up to ${REPORT_SCHEMA_VERSION}); update the tool to open it`,
      { file, field: '/schemaVersion' }, `schemaVersion ≤ ${REPORT_SCHEMA_VERSION}`);
  }
  const validate = validator();
  if (!validate(obj)) {
    const err = (validate.errors ?? [])[0];
    throw new LocatedError(`invalid report: ${readable(err)}`, { file, field: err?.instancePath || '/' }, expectedOf(err));
  }
  return obj as UqReport;
}

function readable(e: ErrorObject | undefined): string {
  if (!e) return 'does not match the schema';
  // The instance path is shown as the error's field; the text says what is wrong there.
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return `missing the required property "${String(p.missingProperty)}"`;
    case 'additionalProperties': return `unknown property "${String(p.additionalProperty)}"`;
    case 'enum': return `value must be one of ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`;
    case 'const': return `value must be ${JSON.stringify(p.allowedValue)}`;
    default: return `value ${e.message ?? 'does not match the schema'}`;
  }
}

function expectedOf(e: ErrorObject | undefined): string | undefined {
  if (!e) return undefined;
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'type') return String(p.type);
  if (e.keyword === 'required') return `property "${String(p.missingProperty)}"`;
  return undefined;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return `a ${typeof x}`;
}
