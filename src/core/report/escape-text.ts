/**
 * Names from reports and data (file names, structure names, labels) are untrusted text; before they
 * reach a Markdown table or a terminal they are made inert here (HTML output uses html/escape.ts).
 */

// C0 and C1 control characters and DEL: ESC starts terminal control sequences, newlines break table rows.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * One Markdown table cell: raw HTML (`<img onerror=…>`), entities, links, code spans, pipes and line
 * breaks become literal text. Emphasis characters stay: they cannot run code or leave the cell.
 */
export function markdownCell(s: string): string {
  return s
    .replace(CONTROL, ' ')
    .replace(/[\\`[\]|]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** Text for a terminal: control characters (escape sequences, carriage returns, bells) shown as U+FFFD. */
export function terminalText(s: string): string {
  return s.replace(CONTROL, '\ufffd');
}

/** A multi-line message for a terminal (errors list one problem per line): control characters but the line feed replaced. */
export function terminalMessage(s: string): string {
  return s.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}
