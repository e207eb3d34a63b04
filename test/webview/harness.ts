/**
 * A tiny stand-in for VS Code's webview host: serves the BUILT bundles (dist/webview) and media with
 * the same strict CSP as the real panels, and an `acquireVsCodeApi` that records what the panel posts.
 * Tests drive it in Debian's headless Chromium through playwright-core.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureBundles, REPO } from '../helpers/bundle';

export const repoRoot = REPO;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds the webview bundles once if they are missing or older than their sources. */
export function ensureBuilt(): void {
  ensureBundles({
    outputs: ['dashboard', 'report', 'rank', 'runs'].map((b) => join(repoRoot, 'dist', 'webview', `${b}.js`)),
    sources: [join(repoRoot, 'webview'), join(repoRoot, 'src', 'protocol'), join(repoRoot, 'src', 'core')],
    stdio: 'pipe',
  });
}

const fakeApi = `
  window.__posted = [];
  window.__state = undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(m),
    getState: () => window.__state,
    setState: (s) => { window.__state = s; },
  });`;

/** A few of the variables VS Code defines for its themes, so the panel is styled as it will be. */
const themeVars: Record<string, string> = {
  'vscode-dark': '--vscode-editor-background:#1e1e1e;--vscode-editor-foreground:#cccccc;--vscode-descriptionForeground:#9d9d9d;--vscode-charts-blue:#3794ff;--vscode-charts-orange:#d18616;--vscode-charts-green:#89d185;--vscode-charts-red:#f14c4c;--vscode-charts-purple:#b180d7;--vscode-charts-yellow:#cca700;',
  'vscode-light': '--vscode-editor-background:#ffffff;--vscode-editor-foreground:#333333;--vscode-descriptionForeground:#717171;--vscode-charts-blue:#1a85ff;--vscode-charts-orange:#d18616;--vscode-charts-green:#388a34;--vscode-charts-red:#e51400;--vscode-charts-purple:#652d90;--vscode-charts-yellow:#bf8803;',
  'vscode-high-contrast': '--vscode-editor-background:#000000;--vscode-editor-foreground:#ffffff;--vscode-contrastBorder:#6fc3df;--vscode-charts-blue:#3794ff;--vscode-charts-orange:#d18616;--vscode-charts-green:#89d185;--vscode-charts-red:#f14c4c;--vscode-charts-purple:#b180d7;--vscode-charts-yellow:#ffd700;',
};

function page(bundle: string, bodyClass: string): string {
  const nonce = randomBytes(12).toString('base64');
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'self' 'nonce-${nonce}'; img-src 'self' data:;`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<style nonce="${nonce}">html { ${themeVars[bodyClass] ?? ''} }</style>
<link rel="stylesheet" href="/media/webview.css"></head>
<body class="${bodyClass}"><main id="app"></main>
<script nonce="${nonce}">${fakeApi}</script>
<script nonce="${nonce}" src="/dist/webview/${bundle}.js"></script></body></html>`;
}

export interface Harness {
  url(bundle: 'dashboard' | 'report' | 'rank' | 'runs', theme?: string): string;
  close(): Promise<void>;
  browser: Browser;
}

export async function startHarness(): Promise<Harness> {
  ensureBuilt();
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const m = /^\/(dashboard|report|rank|runs)\.html$/.exec(u.pathname);
    if (m) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page(m[1], u.searchParams.get('theme') ?? 'vscode-dark'));
      return;
    }
    if (u.pathname === '/favicon.ico') { res.writeHead(204); res.end(); return; }
    const file = join(repoRoot, u.pathname);
    if (!file.startsWith(repoRoot) || !/^\/(dist\/webview|media)\//.test(u.pathname) || !existsSync(file)) { res.writeHead(404); res.end(); return; }
    const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json' };
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    url: (bundle, theme = 'vscode-dark') => `http://127.0.0.1:${port}/${bundle}.html?theme=${theme}`,
    close: async () => { await browser.close(); await new Promise<void>((r) => server.close(() => r())); },
  };
}

/** Delivers a host message the way VS Code does (a window message event). */
export async function sendToPanel(p: Page, message: unknown): Promise<void> {
  await p.evaluate((m) => window.postMessage(m, '*'), message as never);
}

export async function posted(p: Page): Promise<{ type: string; [k: string]: unknown }[]> {
  return p.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
}

/** Share of a canvas's pixels that differ from its top-left pixel: 0 for a blank canvas. */
export async function inkRatio(p: Page, selector: string): Promise<number> {
  return p.$eval(selector, (c) => {
    const canvas = c as HTMLCanvasElement;
    const ctx = canvas.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let differ = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]) + Math.abs(data[i + 3] - data[3]) > 40) differ++;
    }
    return differ / (data.length / 4);
  });
}

/** Collects console errors and CSP violations, so a test can assert the panel ran cleanly. */
export function watchErrors(p: Page): string[] {
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  p.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return errors;
}
