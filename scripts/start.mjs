// `npm start`: the product in a browser-served VS Code, from a fresh clone after `npm install`.
// Builds, packages the .vsix, trains the fast example headless once (so a report is there to open),
// installs code-server on demand into .cache/code-server, installs the .vsix and serves examples/.
//   PORT=8080 npm start         choose the port (default 8080, else a free one)
//   npm start -- --check        start, check that the workbench answers, stop (used by CI-like checks)
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, ensureCodeServer, packageVsix, installVsix, startCodeServer, freePort } from './e2e-code-server.mjs';

const check = process.argv.includes('--check');
const say = (s) => console.log(`[start] ${s}`);
const examples = join(root, 'examples');
const fastConfig = join(examples, 'tio2-ensemble-fast.mlip.yaml');

function hasReport(dir) {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? hasReport(join(dir, e.name)) : e.name.endsWith('.uqreport.json'));
}

async function portToUse() {
  const wanted = Number(process.env.PORT ?? 8080);
  const { createServer } = await import('node:net');
  const free = await new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(wanted, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  return free ? wanted : freePort();
}

async function main() {
  if (!existsSync(join(root, 'node_modules'))) {
    console.error('[start] node_modules is missing: run `npm install` first.');
    process.exit(1);
  }
  say('building and packaging the extension (.vsix)…');
  const vsix = packageVsix();
  say(`packaged ${vsix}`);

  if (!hasReport(join(examples, 'runs'))) {
    say('training the fast example once, headless, so a report exists to open (about a minute)…');
    const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'train', fastConfig], { cwd: examples, stdio: 'inherit' });
    if (r.status !== 0) say('the example training failed; the workspace opens anyway (see the output above).');
  }

  say('making sure code-server (VS Code in the browser) is installed in .cache/code-server…');
  ensureCodeServer(say, { browser: false });
  const state = join(root, '.cache', 'start');
  const extensionsDir = join(state, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  installVsix(vsix, extensionsDir);
  say('extension installed');

  const port = await portToUse();
  const server = await startCodeServer({ workspace: examples, userDataDir: join(state, 'user-data'), extensionsDir, port, stdio: check ? 'pipe' : 'ignore' });
  console.log(`\n  MLIP Uncertainty Studio is running in VS Code at:\n\n    ${server.url}\n\n  Open it in your browser. Ctrl+C stops it.\n`);
  if (check) {
    const res = await fetch(server.url);
    const ok = res.ok && (await res.text()).includes('workbench');
    server.stop();
    say(ok ? 'check passed: the workbench answered' : `check failed: HTTP ${res.status}`);
    process.exit(ok ? 0 : 1);
  }
  const stop = () => { server.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.on('exit', (code) => { say(`code-server exited (${code})`); process.exit(code ?? 1); });
}

main().catch((e) => {
  console.error(`[start] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
