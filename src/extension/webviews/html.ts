/**
 * The HTML shell of every panel: a strict CSP with a per-load nonce, the bundle and stylesheet from
 * the extension's own folders (never the network), and nothing from the data (the panel's script
 * builds its DOM with textContent).
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource} 'nonce-${nonce}'; img-src ${cspSource} data:; font-src ${cspSource};`;
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: 'dashboard' | 'report' | 'rank' | 'runs', title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${bundle}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css'));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style}">
<title>${title.replace(/[<>&"]/g, '')}</title>
</head>
<body data-nonce="${nonce}">
<main id="app" aria-live="polite"><p class="state loading">Loading…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
