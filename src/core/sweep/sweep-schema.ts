/** The sweep file's schema, compiled with the config's ajv set-up (same editor keywords, same strictness). */
import type { ValidateFunction } from 'ajv';
import schemaJson from '../../../schemas/mlip-sweep.schema.json';
import { createConfigAjv } from '../config';

export const SWEEP_SCHEMA: Record<string, unknown> = schemaJson as Record<string, unknown>;

/** `*.sweep.yaml` / `*.sweep.yml` / `*.sweep.json`: the one rule the CLI, the language server and the editor use. */
export const SWEEP_FILE_PATTERN = /\.sweep\.(ya?ml|json)$/i;
export const isSweepFile = (file: string): boolean => SWEEP_FILE_PATTERN.test(file);

let compiled: ValidateFunction | undefined;

export function sweepValidator(): ValidateFunction {
  compiled ??= createConfigAjv().compile(SWEEP_SCHEMA);
  return compiled;
}
