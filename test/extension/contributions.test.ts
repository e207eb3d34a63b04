/**
 * package.json's contributions agree with the code: every command a menu names is declared, every
 * declared command is registered by the extension and every registered one declared (a missing
 * declaration hides a command from the palette; a missing registration makes a menu item fail), and
 * the runs table is reachable from the Runs view's title bar and restored after a reload.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; menus: Record<string, { command?: string; when?: string }[]>; views: Record<string, { id: string }[]> };
  activationEvents: string[];
};

function sources(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts')) out.push(readFileSync(p, 'utf8'));
  }
  return out;
}

/** Command ids the extension registers: literal `registerCommand('id'` or a `…_COMMAND = 'id'` constant. */
function registered(): Set<string> {
  const ids = new Set<string>();
  for (const text of sources(join(root, 'src', 'extension'))) {
    for (const m of text.matchAll(/registerCommand\(\s*'([^']+)'/g)) ids.add(m[1]);
    for (const m of text.matchAll(/_COMMAND\s*=\s*'([^']+)'/g)) ids.add(m[1]);
  }
  return ids;
}

test('menus name declared commands; declared and registered commands are the same set', () => {
  const declared = new Set(pkg.contributes.commands.map((c) => c.command));
  const inMenus = Object.values(pkg.contributes.menus).flat().map((m) => m.command).filter((c): c is string => !!c);
  assert.deepEqual(inMenus.filter((c) => !declared.has(c)), [], 'menu items without a declared command');
  const reg = registered();
  assert.deepEqual([...declared].filter((c) => !reg.has(c)), [], 'declared but never registered');
  assert.deepEqual([...reg].filter((c) => !declared.has(c)), [], 'registered but not declared');
});

test('the runs table opens from the Runs view\'s title bar and its panel is restored after a reload', () => {
  const title = pkg.contributes.menus['view/title'].find((m) => m.command === 'mlipUq.openRunsTable');
  assert.equal(title?.when, 'view == mlipUq.runs');
  assert.ok(pkg.contributes.views.mlipUq.some((v) => v.id === 'mlipUq.runs'));
  const panel = sources(join(root, 'src', 'extension', 'runs')).join('\n');
  const viewType = /RUNS_TABLE_VIEW_TYPE = '([^']+)'/.exec(panel)?.[1];
  assert.equal(viewType, 'mlipUq.runsTable');
  assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${viewType}`), 'a restored panel activates the extension');
});
