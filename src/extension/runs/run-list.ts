/**
 * Which run directories the Runs view lists, without VS Code (unit-tested). A run is listed from the
 * moment it is started, before its runner has written events.ndjson (reading and screening large data
 * comes first), and runs are found where they are written: the workspace's runs folder (the editor's
 * runs) and the `runs` folder beside configs one level down (the CLI's default, e.g. examples/runs). One
 * unreadable directory never empties the list.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isRunDir } from '../../core/run-dir/read-run-dir';

/** The folders holding run directories for one workspace folder. */
export function runRoots(workspaceFolder: string, runsFolder: string): string[] {
  const roots = [resolve(workspaceFolder, runsFolder)];
  let entries: string[] = [];
  try { entries = readdirSync(workspaceFolder); } catch { return roots; }
  for (const name of entries) {
    if (name.startsWith('.') || name === 'node_modules' || name === runsFolder) continue;
    const runs = join(workspaceFolder, name, 'runs');
    try { if (statSync(join(workspaceFolder, name)).isDirectory() && existsSync(runs) && statSync(runs).isDirectory()) roots.push(runs); } catch { /* vanished: skip */ }
  }
  return [...new Set(roots)];
}

const mtime = (p: string): number => { try { return statSync(p).mtimeMs; } catch { return 0; } };

/** Run directories under `roots` plus the active ones (which may have no events yet), newest first, each once. */
export function listRuns(roots: string[], active: string[] = []): string[] {
  const dirs = new Set<string>(active.map((d) => resolve(d)));
  for (const root of roots) {
    let names: string[] = [];
    try { names = readdirSync(root); } catch { continue; }
    for (const n of names) {
      const p = join(root, n);
      try { if (statSync(p).isDirectory() && isRunDir(p)) dirs.add(resolve(p)); } catch { /* vanished between readdir and stat */ }
    }
  }
  return [...dirs].sort((a, b) => mtime(b) - mtime(a));
}
