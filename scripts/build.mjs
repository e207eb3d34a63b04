// One esbuild pass for every bundle: the CLI/runner, the extension host, the language server (Node, CJS)
// and the webviews (browser, IIFE). Entries whose source does not exist yet are skipped, so the tree
// builds at every step of its growth.
import { build } from 'esbuild';
import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// tfjs stays outside the bundle: tfjs-node is native and optional, the wasm backend locates its
// .wasm files next to its own package, and both must be resolved at run time from node_modules.
const nodeExternal = ['vscode', '@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu'];

// tfjs-core itself is external by its bare name only. Its gradient registrations exist only as ES
// modules (`dist/register_all_gradients`), which Node 20 cannot require() from a CJS bundle, so those
// subpaths are bundled; they register into tfjs's global engine and registry, shared with the external copy.
const tfjsCoreBareExternal = {
  name: 'tfjs-core-bare-external',
  setup(b) {
    b.onResolve({ filter: /^@tensorflow\/tfjs-core$/ }, (args) => ({ path: args.path, external: true }));
  },
};

const nodeEntries = [
  { in: 'src/runner/cli.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'src/runner/worker.ts', out: 'runner' },
  // Worker threads of a deep ensemble's members (src/core/training/parallel/member-threads.ts looks for it beside the bundle).
  { in: 'src/core/training/parallel/member-worker.ts', out: 'train-worker' },
  { in: 'src/extension/extension.ts', out: 'extension' },
  { in: 'language-server/server.ts', out: 'server' },
  // `npm start`'s headline of the trained example (scripts/start.mjs loads it after building).
  { in: 'src/runner/start-headline.ts', out: 'start-headline' },
];
const browserEntries = [
  { in: 'webview/dashboard/main.ts', out: 'webview/dashboard' },
  { in: 'webview/report/main.ts', out: 'webview/report' },
  { in: 'webview/rank/main.ts', out: 'webview/rank' },
  { in: 'webview/runs/main.ts', out: 'webview/runs' },
];

mkdirSync(join(root, 'dist'), { recursive: true });
const jobs = [];
for (const e of nodeEntries) {
  if (!existsSync(join(root, e.in))) continue;
  jobs.push(build({
    absWorkingDir: root,
    entryPoints: { [e.out]: e.in },
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    minify: production,
    external: nodeExternal,
    plugins: [tfjsCoreBareExternal],
    banner: e.banner ? { js: e.banner } : undefined,
    logLevel: 'warning',
  }).then(() => { if (e.banner) chmodSync(join(root, 'dist', e.out + '.js'), 0o755); }));
}
for (const e of browserEntries) {
  if (!existsSync(join(root, e.in))) continue;
  jobs.push(build({
    absWorkingDir: root,
    entryPoints: { [e.out]: e.in },
    outdir: 'dist',
    bundle: true,
    platform: 'browser',
    target: 'chrome114',
    format: 'iife',
    sourcemap: true,
    minify: production,
    logLevel: 'warning',
  }));
}
await Promise.all(jobs);
if (!watch) console.log(`built ${jobs.length} bundles into dist/`);
