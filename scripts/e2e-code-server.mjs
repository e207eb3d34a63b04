// code-server on demand: installs VS Code's own workbench (code-server from npm) into the ignored
// .cache/code-server folder, installs our .vsix into a given extensions folder and serves a workspace.
// Shared by `npm start` and the end-to-end test. The machine reaches only npm and Debian, so the
// recipe of /work/shared/docs/real-vscode-testing.md is followed: pre-seed @vscode/ripgrep's download
// cache with Debian's rg, allow only the install scripts that must run, pin code-server@4.100.3 (Node 20).
import { existsSync, mkdirSync, writeFileSync, copyFileSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = '4.100.3';
export const cacheDir = join(root, '.cache', 'code-server');
export const codeServerEntry = join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Debian packages code-server's native modules need; named so a failure says what is missing. */
export function missingSystemTools({ browser = true } = {}) {
  const missing = [];
  if (!has('rg')) missing.push('ripgrep');
  if (browser && !existsSync('/usr/bin/chromium') && !has('chromium')) missing.push('chromium');
  return missing;
}

/**
 * Debian packages: ripgrep (seeds @vscode/ripgrep), the headers code-server's native modules build
 * against, and Chromium only where a browser is driven (the tests; `npm start` uses yours).
 */
export function ensureSystemTools(log = console.log, { browser = true } = {}) {
  const missing = missingSystemTools({ browser });
  const needHeaders = !existsSync('/usr/include/krb5.h') || !existsSync('/usr/include/libsecret-1') || !existsSync('/usr/include/X11/extensions/XKBfile.h');
  if (!missing.length && !needHeaders) return;
  const pkgs = [...(browser ? ['chromium'] : []), 'ripgrep', 'libkrb5-dev', 'libsecret-1-dev', 'libxkbfile-dev', 'libx11-dev'];
  if (!has('apt-get')) {
    throw new Error(`code-server needs: ${pkgs.join(' ')} (Debian names); install them with your package manager and run again`);
  }
  log(`installing Debian packages that code-server${browser ? ' and the browser tests' : ''} need: ${pkgs.join(' ')}`);
  const sudo = process.getuid && process.getuid() !== 0 ? 'sudo ' : '';
  execFileSync('sh', ['-c', `${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq ${pkgs.join(' ')}`], { stdio: 'inherit' });
}

/** @vscode/ripgrep downloads rg from GitHub unless this cache file exists; seed it with Debian's rg. */
function seedRipgrepCache() {
  const dir = join(process.env.TMPDIR || '/tmp', 'vscode-ripgrep-cache-1.15.11');
  const tarball = join(dir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (existsSync(tarball)) return;
  const rg = execFileSync('sh', ['-c', 'command -v rg']).toString().trim();
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'rg-'));
  copyFileSync(rg, join(staging, 'rg'));
  execFileSync('tar', ['czf', tarball, '-C', staging, 'rg']);
}

/**
 * Runs `fn` holding .cache/NAME.lock (created exclusively, holding the pid): the e2e test files run
 * side by side under `node --test` on a machine with several cores, and two npm installs into one
 * folder, or a build rewriting dist/ while vsce zips it, break each other. A lock whose process is
 * gone is taken over. Synchronous, as its callers are.
 */
function withLock(name, fn) {
  const lock = join(root, '.cache', `${name}.lock`);
  mkdirSync(dirname(lock), { recursive: true });
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try { closeSync(openSync(lock, 'wx')); writeFileSync(lock, String(process.pid)); break; } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let holder = NaN;
      try { holder = Number(readFileSync(lock, 'utf8')); } catch { /* removed meanwhile */ }
      let alive = true;
      if (holder > 0) { try { process.kill(holder, 0); } catch (k) { alive = k.code === 'EPERM'; } }
      if (!alive) { rmSync(lock, { force: true }); continue; }
      Atomics.wait(nap, 0, 0, 500);
    }
  }
  try { return fn(); } finally { rmSync(lock, { force: true }); }
}

/** Installs code-server into .cache/code-server when it is not there yet; returns its entry script. */
export function ensureCodeServer(log = console.log, { browser = true } = {}) {
  // Under the lock even when present: npm unpacks entry.js before the install's native builds are done.
  return withLock('code-server-install', () => installCodeServer(log, { browser }));
}

function installCodeServer(log, { browser }) {
  if (existsSync(codeServerEntry)) return codeServerEntry;
  ensureSystemTools(log, { browser });
  seedRipgrepCache();
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({
    name: 'code-server-cache', private: true,
    allowScripts: { 'code-server': true, argon2: true },
  }, null, 2));
  log(`installing code-server@${CODE_SERVER_VERSION} into ${cacheDir} (a few minutes, once)`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: cacheDir, stdio: 'inherit',
    // Quiet: npm's warnings about install scripts its allowScripts policy has not reviewed (code-server's
    // own install runs npm again inside itself) are not the user's to act on; errors still show. As root,
    // code-server's postinstall.sh refuses to run without npm_config_unsafe_perm, which npm 7+ no longer
    // knows ("Unknown env config": a warning, hidden at this level); it is set for root only.
    env: { ...process.env, npm_config_yes: 'true', npm_config_loglevel: 'error', ...(process.getuid?.() === 0 ? { npm_config_unsafe_perm: 'true' } : {}) },
  });
  if (r.status !== 0 || !existsSync(codeServerEntry)) throw new Error(`code-server install failed (exit ${r.status}); see the npm output above`);
  return codeServerEntry;
}

export function installVsix(vsix, extensionsDir) {
  mkdirSync(extensionsDir, { recursive: true });
  execFileSync(process.execPath, [codeServerEntry, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], { stdio: 'pipe' });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

async function waitForHttp(url, ms) {
  const end = Date.now() + ms;
  for (;;) {
    try { const r = await fetch(url); if (r.status < 500) return; } catch { /* not up yet */ }
    if (Date.now() > end) throw new Error(`code-server did not answer at ${url} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Starts code-server on a free (or given) port; resolves once it answers HTTP.
 * trust=false keeps Workspace Trust on so Restricted Mode can be tested; `env` reaches the extension host.
 */
export async function startCodeServer({ workspace, userDataDir, extensionsDir, port, host = '127.0.0.1', trust = true, stdio = 'pipe', env = {} }) {
  port ??= await freePort();
  const args = [codeServerEntry, '--auth', 'none', '--bind-addr', `${host}:${port}`, '--disable-telemetry',
    '--disable-update-check', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (trust) args.push('--disable-workspace-trust');
  args.push(workspace);
  mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const quiet = { 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
    'workbench.enableExperiments': false, 'update.mode': 'none', 'chat.disableAIFeatures': true,
    'workbench.startupEditor': 'none', 'workbench.tips.enabled': false };
  writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(quiet, null, 2));
  if (!existsSync(join(userDataDir, 'User', 'settings.json'))) writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(quiet, null, 2));
  const child = spawn(process.execPath, args, { stdio, env: { ...process.env, EXTENSIONS_GALLERY: '{}', ...env } });
  let log = '';
  if (stdio === 'pipe') {
    child.stdout.on('data', (d) => { log += d; });
    child.stderr.on('data', (d) => { log += d; });
  }
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 120_000);
  return { child, port, url, log: () => log, stop: () => { try { child.kill('SIGTERM'); } catch { /* gone */ } } };
}

// `node scripts/e2e-code-server.mjs` installs code-server ahead of time (CI and npm start call it).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureCodeServer();
  console.log(`code-server ready: ${codeServerEntry}`);
}

/** Builds the bundles and packages the .vsix users install (what the e2e test and npm start use). */
export function packageVsix(outFile = join(root, '.cache', 'mlip-uncertainty-studio.vsix')) {
  mkdirSync(dirname(outFile), { recursive: true });
  return withLock('package-vsix', () => {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'pipe' });
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    execFileSync(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '--out', outFile], { cwd: root, stdio: 'pipe' });
    return outFile;
  });
}
