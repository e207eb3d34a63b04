import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocatedError } from '../../../src/core/errors';
import { readReport } from '../../../src/core/report/read-report';
import { validateReport } from '../../../src/core/report/validate-report';
import type { UqReport } from '../../../src/protocol/report';
import validExample from '../../../schemas/examples/report/valid.uqreport.json';

const dir = join(__dirname, '..', '..', '..', 'schemas', 'examples', 'report');

// JSON imports widen literals ("ensemble" → string), so compare shapes with literals widened: every
// field name and type of the example must fit the hand-written UqReport types.
type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean
  : T extends readonly (infer U)[] ? Widen<U>[] : T extends object ? { [K in keyof T]: Widen<T[K]> } : T;
const typed: Widen<UqReport> = validExample;

test('the valid example report typechecks against src/protocol/report.ts and validates against the schema', () => {
  assert.equal(typed.kind, 'mlip-uq-report');
  const r = validateReport(JSON.parse(readFileSync(join(dir, 'valid.uqreport.json'), 'utf8')));
  assert.equal(r.schemaVersion, 1);
  assert.ok(r.metrics.test?.energy?.recalibrated);
});

const expectations: Record<string, (e: LocatedError) => void> = {
  'invalid-truncated.uqreport.json': (e) => {
    assert.match(e.message, /truncated|unexpected end/);
    assert.ok(e.location.line && e.location.line > 1 && e.location.column, 'line and column');
  },
  'invalid-wrong-type.uqreport.json': (e) => {
    assert.equal(e.location.field, '/metrics/test/energy/raw/metrics/mae');
    assert.match(e.message, /must be number/);
  },
  'invalid-newer-version.uqreport.json': (e) => assert.match(e.message, /written by a newer version/),
  'invalid-missing-producer.uqreport.json': (e) => assert.match(e.message, /missing the required property "producer"/),
  'invalid-unknown-method.uqreport.json': (e) => {
    assert.equal(e.location.field, '/method/method');
    assert.match(e.message, /must be one of "deterministic", "ensemble", "bnn"/);
  },
};

test('every invalid example is rejected with the located error it was made for', () => {
  const invalid = readdirSync(dir).filter((f) => f.startsWith('invalid-'));
  assert.deepEqual(invalid.sort(), Object.keys(expectations).sort());
  for (const f of invalid) {
    const path = join(dir, f);
    assert.throws(() => readReport({ path }), (e: unknown) => {
      assert.ok(e instanceof LocatedError, `${f}: ${String(e)}`);
      assert.equal(e.location.file, path);
      expectations[f](e);
      return true;
    }, f);
  }
});
