import type { ConfigDiagnostic, SourceMap } from './diagnostics';

/** A config file after parsing only: its value as written (no defaults) and where each part sits. */
export interface ParsedConfig {
  file: string;
  format: 'yaml' | 'json';
  text: string;
  /** The document as plain JSON data; null when empty or unreadable. */
  value: unknown;
  locations: SourceMap;
  /** Syntax problems (the value holds what could still be read). */
  diagnostics: ConfigDiagnostic[];
}
