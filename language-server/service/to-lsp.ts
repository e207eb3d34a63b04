/** src/core/config's diagnostics (1-based, plain data) → LSP diagnostics, one to one. */
import type { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { ConfigDiagnostic, SourceRange } from '../../src/core/config';
import { SOURCE, type DiagnosticData } from './codes';

const SEVERITY: Record<ConfigDiagnostic['severity'], DiagnosticSeverity> = { error: 1, warning: 2, information: 3, hint: 4 };

export function lspRange(r: SourceRange) {
  return {
    start: { line: r.line - 1, character: r.column - 1 },
    end: { line: r.endLine - 1, character: r.endColumn - 1 },
  };
}

export function toLspDiagnostic(d: ConfigDiagnostic): Diagnostic {
  const data: DiagnosticData = { ...(d.data ?? {}), pointer: d.pointer };
  // The expected form helps unless the message already proposes a fix (a long list of keys would bury it).
  const message = d.expected && !d.message.includes(d.expected) && !/did you mean/.test(d.message) ? `${d.message} (expected ${d.expected})` : d.message;
  return { range: lspRange(d.range), severity: SEVERITY[d.severity], source: SOURCE, code: d.code, message, data };
}
