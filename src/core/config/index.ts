/** The training config: load, validate, resolve defaults, check semantics (see load.ts). */
export * from './types';
export * from './diagnostics';
export type { ParsedConfig } from './parsed';
export { CONFIG_DEFAULTS, BNN_TRAINING_DEFAULTS } from './defaults';
export { applyDefaults } from './apply-defaults';
export { CONFIG_SCHEMA, EDITOR_KEYWORDS, createConfigAjv, configValidator } from './schema';
export { validateConfig } from './validate';
export { checkSemantics, type SemanticContext } from './check-semantics';
export { expandStructurePaths, readFormat, type ExpandedEntry } from './paths';
export { scanElements, scanFileElements } from './scan-elements';
export { configLanguage, parseConfigText, diagnoseConfigText, loadConfigFile, loadConfigOrThrow, type ConfigLanguage, type LoadOptions, type LoadedConfig } from './load';
export { descriptorSetups, environmentOrder } from './descriptor-setups';
