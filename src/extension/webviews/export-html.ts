/**
 * A report as one standalone HTML file: the viewer bundle and stylesheet inlined, the report as inert
 * JSON data (every "<" escaped so no report text can close the script element), a CSP that allows
 * only that inline script, and no network.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ReportPayload } from '../../protocol/webview-messages';

export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function standaloneReportHtml(bundleFile: string, cssFile: string, payload: ReportPayload): string {
  const nonce = randomBytes(16).toString('base64');
  const bundle = readFileSync(bundleFile, 'utf8').replace(/<\/script/gi, '<\\/script');
  const css = readFileSync(cssFile, 'utf8').replace(/<\/style/gi, '<\\/style');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:;">
<title>MLIP uncertainty report</title>
<style nonce="${nonce}">${css}</style>
</head>
<body class="standalone" data-nonce="${nonce}">
<main id="app"><p class="state loading">Loading…</p></main>
<script type="application/json" id="mlip-report-data">${jsonForScriptElement({ type: 'reports', reports: [payload] })}</script>
<script nonce="${nonce}">${bundle}</script>
</body>
</html>`;
}
