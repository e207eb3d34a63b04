import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DEFAULTS, CONFIG_SCHEMA, createConfigAjv, parseConfigText, type ChebyshevOverride } from '../../../src/core/config';

type Schema = Record<string, unknown>;

/** Properties that have no default by design: the one required input, and an editor annotation. */
const NO_DEFAULT = new Set(['/data/structures', '/$schema']);

function props(s: Schema): Record<string, Schema> {
  return (s.properties as Record<string, Schema> | undefined) ?? {};
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

test('every schema property has a default equal to CONFIG_DEFAULTS, and CONFIG_DEFAULTS has nothing more', () => {
  const checked: string[] = [];
  const walk = (schema: Schema, defaults: unknown, at: string): void => {
    assert.ok(isRecord(defaults), `${at || 'root'}: defaults must be an object`);
    const p = props(schema);
    for (const [key, sub] of Object.entries(p)) {
      const here = `${at}/${key}`;
      if (NO_DEFAULT.has(here)) { assert.ok(!(key in defaults), `${here} must have no default`); continue; }
      assert.ok(key in defaults, `${here} is missing from CONFIG_DEFAULTS`);
      if (sub.properties) {
        // A section defaults to {} (its fields carry the values), unless the root requires it.
        const required = (schema.required as string[] | undefined)?.includes(key);
        assert.ok(required || isRecord(sub.default), `${here}: an optional section needs default {}`);
        walk(sub, defaults[key], here);
      } else {
        assert.ok('default' in sub, `${here} has no default in the schema`);
        assert.deepEqual(defaults[key], sub.default, `${here}: schema default ≠ CONFIG_DEFAULTS`);
      }
      checked.push(here);
    }
    for (const key of Object.keys(defaults)) assert.ok(key in p, `${at}/${key} is in CONFIG_DEFAULTS but not in the schema`);
  };
  walk(CONFIG_SCHEMA, CONFIG_DEFAULTS, '');
  // A structural floor, so an accidentally emptied schema cannot pass.
  assert.ok(checked.length >= 60, `only ${checked.length} properties checked`);
  assert.ok(checked.includes('/method/bnn/kl_weighting') && checked.includes('/training/optimizer/beta1'));
});

test('the per-element descriptor override has exactly the fields of ChebyshevOverride', () => {
  // Typed as a full record of the interface's keys, so tsc fails when the type gains or loses one.
  const keys: Record<keyof ChebyshevOverride, true> = { radial_cutoff: true, radial_order: true, angular_cutoff: true, angular_order: true, rmin: true };
  const override = props((CONFIG_SCHEMA.definitions as Record<string, Schema>).chebyshevOverride!);
  const shared = props(props(CONFIG_SCHEMA).descriptor!);
  assert.deepEqual(Object.keys(override).sort(), Object.keys(keys).sort());
  for (const k of Object.keys(override)) assert.deepEqual(override[k]!.type, shared[k]?.type, `${k}: same type as the shared value`);
});

test('the schema compiles in strict ajv and every object forbids unknown keys', () => {
  createConfigAjv().compile(CONFIG_SCHEMA);
  const walk = (s: Schema, at: string): void => {
    if (s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object'))) {
      assert.ok(s.additionalProperties !== undefined && s.additionalProperties !== true, `${at || 'root'} allows unknown keys`);
    }
    for (const [k, sub] of Object.entries(props(s))) walk(sub, `${at}/${k}`);
    if (isRecord(s.additionalProperties)) walk(s.additionalProperties, `${at}/*`);
  };
  walk(CONFIG_SCHEMA, '');
  walk((CONFIG_SCHEMA.definitions as Record<string, Schema>).chebyshevOverride!, '#chebyshevOverride');
});

test('every property is documented; enums describe each value; BNN settings say what the paper used', () => {
  const walk = (s: Schema, at: string): void => {
    for (const [k, sub] of Object.entries(props(s))) {
      const here = `${at}/${k}`;
      assert.equal(typeof sub.description, 'string', `${here} has no description`);
      if (Array.isArray(sub.enum)) {
        const d = sub.markdownEnumDescriptions as unknown[] | undefined;
        assert.equal(d?.length, sub.enum.length, `${here}: one markdownEnumDescription per enum value`);
      }
      if (here.startsWith('/method/bnn/')) assert.equal(typeof sub['x-paper'], 'string', `${here} has no x-paper`);
      walk(sub, here);
    }
  };
  walk(CONFIG_SCHEMA, '');
});

test('units are named in the descriptions of dimensioned fields', () => {
  const d = (path: string[]) => path.reduce<Schema>((s, k) => props(s)[k]!, CONFIG_SCHEMA).description as string;
  assert.match(d(['data', 'reference_energies']), /eV/);
  assert.match(d(['data', 'max_energy']), /eV\/atom/);
  assert.match(d(['descriptor', 'radial_cutoff']), /Å/);
  assert.match(d(['descriptor', 'angular_cutoff']), /Å/);
  const units = (path: string[]) => path.reduce<Schema>((s, k) => props(s)[k]!, CONFIG_SCHEMA)['x-units'];
  assert.equal(units(['descriptor', 'radial_cutoff']), 'Å');
  assert.equal(units(['data', 'max_energy']), 'eV/atom');
  assert.equal(units(['evaluation', 'calibration_every']), 'epochs');
});

test('the schema file itself has no duplicate keys (JSON.parse would silently keep the last)', () => {
  const path = join(__dirname, '..', '..', '..', 'schemas', 'mlip-config.schema.json');
  assert.deepEqual(parseConfigText(readFileSync(path, 'utf8'), path).diagnostics, []);
});
