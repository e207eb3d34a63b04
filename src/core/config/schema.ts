/**
 * The config schema and the one ajv set-up every consumer shares (runner, CLI, language server):
 * the schema's editor keywords (`markdownEnumDescriptions`, `x-paper`, …) are declared so strict mode
 * still catches real typos in the schema itself.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import schemaJson from '../../../schemas/mlip-config.schema.json';

export const CONFIG_SCHEMA: Record<string, unknown> = schemaJson as Record<string, unknown>;

/** Annotation keywords of our schemas: hover/completion text, never validation. */
export const EDITOR_KEYWORDS = ['markdownEnumDescriptions', 'markdownDescription', 'enumDescriptions', 'x-paper', 'x-errorMessage', 'x-units'];

export function createConfigAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  for (const keyword of EDITOR_KEYWORDS) ajv.addKeyword({ keyword, schemaType: ['string', 'array'] });
  return ajv;
}

let compiled: ValidateFunction | undefined;

export function configValidator(): ValidateFunction {
  compiled ??= createConfigAjv().compile(CONFIG_SCHEMA);
  return compiled;
}
