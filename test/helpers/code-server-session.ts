/**
 * One user session in a real VS Code for the e2e tests: code-server (installed on demand by
 * scripts/e2e-code-server.mjs) serving a scratch copy of the examples with the packaged .vsix, and a
 * Chromium page that drives it the way a user does (command palette, quick open, clicks in webviews).
 * Screenshots go to test-artifacts/<name>/, numbered in the order they were taken.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

export const REPO_ROOT = join(__dirname, '..', '..');

// The helpers are shared with `npm start`; loaded at run time (an .mjs module from CommonJS tests).
type CodeServerHelpers = {
  ensureCodeServer(log?: (s: string) => void): string;
  packageVsix(out?: string): string;
  installVsix(vsix: string, ext: string): void;
  startCodeServer(o: { workspace: string; userDataDir: string; extensionsDir: string; env?: Record<string, string>; trust?: boolean }): Promise<{ url: string; stop(): void; log(): string }>;
};

export interface RunEventLine { type: string; epoch?: number; epochs?: number; bestEpoch?: number; stopped?: string; resumedFromEpoch?: number; report?: string }

export interface SessionOptions {
  /** Folder under test-artifacts/ for this session's screenshots and server log. */
  name: string;
  /** Called on the scratch copy of examples/ (without its runs) before the server starts. */
  prepare?: (workspace: string) => void;
  /** Extra user settings (the workbench's quiet settings are always set). */
  settings?: Record<string, unknown>;
  /** Extra environment of the server and its extension host, given the scratch workspace (e.g. MLIP_UQ_OPEN_REPORT). */
  env?: (workspace: string) => Record<string, string>;
  /** false: the workspace opens untrusted (Restricted Mode) instead of with workspace trust disabled. */
  trusted?: boolean;
}

/** The module of CodeServerHelpers, imported once per use (Node caches it). */
const helpers = async () => (await import(join(REPO_ROOT, 'scripts', 'e2e-code-server.mjs'))) as CodeServerHelpers;

/**
 * vsce fails ("file data stream has unexpected number of bytes") when a file of dist/ is rewritten
 * while it zips (a build in another terminal); packaging again then reads the finished file.
 */
function packageWithRetry(pack: () => string, tries = 3): string {
  for (let i = 1; ; i++) {
    try { return pack(); } catch (e) {
      if (i >= tries || !/unexpected number of bytes/.test(String((e as { stderr?: unknown }).stderr ?? e))) throw e;
    }
  }
}

export class CodeServerSession {
  page!: Page;
  workspace = '';
  readonly artifacts: string;
  private browser?: Browser;
  private server?: { url: string; stop(): void; log(): string };
  private step = 0;
  private vsix = '';

  constructor(private readonly o: SessionOptions) {
    this.artifacts = join(REPO_ROOT, 'test-artifacts', o.name);
  }

  /** Packages and installs the .vsix, serves the workspace and opens it in Chromium (the workbench loaded). */
  async start(): Promise<void> {
    rmSync(this.artifacts, { recursive: true, force: true });
    mkdirSync(this.artifacts, { recursive: true });
    const h = await helpers();
    h.ensureCodeServer((s) => process.stderr.write(`${s}\n`));
    // A .vsix of its own: another e2e file packaging at the same time never hands this one a half-written file.
    this.vsix = packageWithRetry(() => h.packageVsix(join(REPO_ROOT, '.cache', 'e2e', `${this.o.name}.vsix`)));
    this.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    await this.serve(this.o);
  }

  /**
   * A second window of the same session on a fresh scratch workspace (the .vsix, browser, screenshots and
   * their numbering kept): the previous page and server closed, `o` replacing the session's options
   * (`trusted: false` for Restricted Mode).
   */
  async reopen(o: Omit<SessionOptions, 'name'>): Promise<void> {
    await this.page.close();
    this.server?.stop();
    await this.serve({ ...o, name: this.o.name });
  }

  private async serve(o: SessionOptions): Promise<void> {
    const h = await helpers();
    const scratch = mkdtempSync(join(tmpdir(), `mlip-${o.name}-`));
    this.workspace = join(scratch, 'examples');
    cpSync(join(REPO_ROOT, 'examples'), this.workspace, { recursive: true, filter: (p) => !p.includes(join('examples', 'runs')) });
    o.prepare?.(this.workspace);
    const ext = join(scratch, 'ext');
    h.installVsix(this.vsix, ext);
    const userDataDir = join(scratch, 'ud');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
      'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
      'workbench.enableExperiments': false, 'update.mode': 'none', 'chat.disableAIFeatures': true,
      'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, ...o.settings,
    }, null, 2));
    this.server = await h.startCodeServer({ workspace: this.workspace, userDataDir, extensionsDir: ext, env: o.env?.(this.workspace), trust: o.trusted ?? true });
    this.page = await this.browser!.newPage({ viewport: { width: 1600, height: 1000 } });
    this.page.setDefaultTimeout(30_000);
    await this.page.goto(this.server.url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  }

  async stop(): Promise<void> {
    if (this.server) writeFileSync(join(this.artifacts, 'code-server.log'), this.server.log());
    await this.browser?.close();
    this.server?.stop();
  }

  async shot(name: string): Promise<void> {
    await this.page.screenshot({ path: join(this.artifacts, `${String(++this.step).padStart(2, '0')}-${name}.png`) });
  }

  /** What the user saw when a step ended (kept even when it failed). */
  async endOfStepShot(): Promise<void> {
    try { await this.page.screenshot({ path: join(this.artifacts, `${String(this.step).padStart(2, '0')}-end-of-step.png`) }); } catch { /* page closed */ }
  }

  /** Runs a command from the palette by its title. */
  async palette(command: string): Promise<void> {
    const { page } = this;
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${command}`);
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await page.keyboard.press('Enter');
  }

  /**
   * Quick open (Ctrl+P) on a path relative to the workspace; waits for a result row naming its file
   * (and folder), since the first searches after a (re)load can take a while on a busy machine.
   */
  async openFile(path: string): Promise<void> {
    const { page } = this;
    const parts = path.split('/');
    const name = parts.at(-1)!;
    const folder = parts.slice(0, -1).join('/');
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(path);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).filter({ hasText: folder }).first();
      try {
        await row.waitFor({ timeout: 20_000 });
      } catch (e) {
        if (attempt >= 3) throw e;
        continue;
      }
      await row.click();
      break;
    }
    await page.locator(`.tab.active[aria-label*="${name}"], .tab.active:has-text("${name}")`).first().waitFor({ timeout: 30_000 });
  }

  /** The webview frame (nested iframes) that holds `selector`, waiting until one does. */
  async webviewFrame(selector: string, timeout = 60_000): Promise<Frame> {
    const end = Date.now() + timeout;
    for (;;) {
      for (const f of this.page.frames()) {
        try { if (await f.$(selector)) return f; } catch { /* detached while looking */ }
      }
      if (Date.now() > end) throw new Error(`no webview shows ${selector}`);
      await this.page.waitForTimeout(250);
    }
  }

  /** Developer: Reload Window, then waits for the new workbench. */
  async reloadWindow(): Promise<void> {
    await this.page.evaluate(() => { (window as unknown as { beforeReload?: boolean }).beforeReload = true; });
    await this.palette('Developer: Reload Window');
    await this.page.waitForFunction(() => !(window as unknown as { beforeReload?: boolean }).beforeReload, undefined, { timeout: 60_000 });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  }

  /** The workspace's run directories (runs/), oldest name first. */
  runDirs(): string[] {
    const runs = join(this.workspace, 'runs');
    return existsSync(runs) ? readdirSync(runs).sort().map((n) => join(runs, n)) : [];
  }
}

export function readEvents(runDir: string): RunEventLine[] {
  return readFileSync(join(runDir, 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RunEventLine);
}

/** The last epoch events.ndjson records (0 before the first). */
export function lastEpoch(runDir: string): number {
  return readEvents(runDir).filter((e) => e.type === 'epoch').at(-1)?.epoch ?? 0;
}
