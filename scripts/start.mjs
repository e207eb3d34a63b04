// `npm start`: the product in a browser-served VS Code, from a fresh clone after `npm install`.
// Builds, packages the .vsix, trains the quickstart example headless once (a deep ensemble on all 1,000
// TiO2 structures with a 150-structure test set, under a minute on two cores), prints its headline
// metrics and the report's path, installs code-server on demand into .cache/code-server, installs the
// .vsix, serves examples/ and opens the report there.
//   PORT=8080 npm start         choose the port (default 8080, else a free one)
//   npm start -- --check        start, check that the workbench answers, stop (used by CI-like checks)
//   npm start -- --no-serve     build, train the quickstart, print its headline and stop: no .vsix, no
//                               code-server (no network); exits 1 when the example does not train
//   npm start -- --run-dir DIR  train the quickstart into DIR instead of examples/runs/tio2-quickstart
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { root, ensureCodeServer, packageVsix, installVsix, startCodeServer, freePort } from './e2e-code-server.mjs';

const check = process.argv.includes('--check');
const noServe = process.argv.includes('--no-serve');
const runDirArg = process.argv.indexOf('--run-dir');
const say = (s) => console.log(`[start] ${s}`);
const examples = join(root, 'examples');
const quickConfig = join(examples, 'tio2-quickstart.mlip.yaml');
// The config's output.run_dir, unless --run-dir names another (a test trains into a temporary folder).
const quickRun = runDirArg > 0 && process.argv[runDirArg + 1] ? resolve(process.argv[runDirArg + 1]) : join(examples, 'runs', 'tio2-quickstart');
const quickReport = join(quickRun, 'report.uqreport.json');

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

/** Trains the quickstart example once (an interrupted earlier try is resumed); true when its report exists. */
function trainQuickstart() {
  if (existsSync(quickReport)) { say('the quickstart example is trained already (delete examples/runs/tio2-quickstart to train it again)'); return true; }
  const resume = existsSync(join(quickRun, 'events.ndjson'));
  say(`${resume ? 'resuming' : 'training'} the quickstart example headless: a 5-member deep ensemble on 1,000 TiO2 structures (under a minute)…`);
  const t0 = Date.now();
  const args = [join(root, 'dist', 'cli.js'), 'train', quickConfig, '--run-dir', quickRun, ...(resume ? ['--resume'] : [])];
  const r = spawnSync(process.execPath, args, { cwd: examples, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 || !existsSync(quickReport)) { say('the example training failed (see above); the workspace opens anyway.'); return false; }
  say(`trained in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return true;
}

async function main() {
  if (!existsSync(join(root, 'node_modules'))) {
    console.error('[start] node_modules is missing: run `npm install` first.');
    process.exit(1);
  }
  let vsix;
  if (noServe) {
    // Only what training and the headline need (dist/cli.js, dist/start-headline.js).
    say('building the extension…');
    const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) { console.error('[start] the build failed (see above)'); process.exit(1); }
  } else {
    say('building and packaging the extension (.vsix)…');
    vsix = packageVsix();
    say(`packaged ${vsix}`);
  }

  const trained = trainQuickstart();
  if (trained) {
    // Built by packageVsix above (scripts/build.mjs): the report's intervals and small-n sentence read as every view reads them.
    const { headline } = createRequire(import.meta.url)(join(root, 'dist', 'start-headline.js'));
    console.log(`\n${headline(JSON.parse(readFileSync(quickReport, 'utf8')), quickReport).join('\n')}\n`);
  }
  if (noServe) {
    say(trained ? 'done (--no-serve: VS Code is not started)' : 'the quickstart example did not train');
    process.exit(trained ? 0 : 1);
  }

  say('making sure code-server (VS Code in the browser) is installed in .cache/code-server…');
  ensureCodeServer(say, { browser: false });
  const state = join(root, '.cache', 'start');
  const extensionsDir = join(state, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  installVsix(vsix, extensionsDir);
  say('extension installed');

  const port = await portToUse();
  const server = await startCodeServer({
    workspace: examples, userDataDir: join(state, 'user-data'), extensionsDir, port, stdio: check ? 'pipe' : 'ignore',
    // The extension opens this report in its viewer once the window is up (src/extension/open-on-start.ts).
    env: trained ? { MLIP_UQ_OPEN_REPORT: quickReport } : {},
  });
  console.log(`\n  MLIP Uncertainty Studio is running in VS Code at:\n\n    ${server.url}\n\n  Open it in your browser${trained ? ': the quickstart report opens there' : ''}. Ctrl+C stops it.\n`);
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
