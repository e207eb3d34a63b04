/**
 * A one-node Slurm cluster for tests, on this machine: munged, slurmctld and slurmd (Debian's munge and
 * slurm-wlm) in the foreground as children of the test, with a generated slurm.conf in a temporary folder
 * (own ports, state, spool and munge socket; 2 CPUs; no cgroups, no accounting). Needs root. `stop()`
 * cancels every job, waits for the queue to empty and ends every daemon it started, and any slurmstepd
 * that appeared while the cluster ran; it is safe to call twice and after a failed start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SlurmCluster {
  dir: string;
  /** The environment every Slurm command (and the sweep) needs: SLURM_CONF pointing at the cluster. */
  env: NodeJS.ProcessEnv;
  squeue(): string;
  stop(): Promise<void>;
}

const BINARIES = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scancel', 'sinfo'];

/** Why the cluster cannot start here (null: it can). */
export function slurmUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'the one-node Slurm cluster needs root (slurmd runs jobs as any user)';
  const missing = BINARIES.filter((b) => spawnSync('sh', ['-c', `command -v ${b}`]).status !== 0);
  if (missing.length) return `Slurm or munge is not installed (missing ${missing.join(', ')}): apt-get install -y slurm-wlm munge`;
  if (!existsSync('/etc/munge/munge.key')) return 'munge has no key (/etc/munge/munge.key): reinstall munge or run mungekey';
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function stepdPids(): Set<number> {
  const out = new Set<number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try { if (readFileSync(`/proc/${name}/cmdline`, 'utf8').startsWith('slurmstepd')) out.add(Number(name)); } catch { /* gone */ }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stopChild(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null || c.pid === undefined) return;
  const exited = new Promise<void>((r) => c.once('exit', () => r()));
  c.kill('SIGTERM');
  if (await Promise.race([exited.then(() => true), sleep(3000).then(() => false)])) return;
  c.kill('SIGKILL');
  await Promise.race([exited, sleep(1000)]);
}

export async function startSlurmCluster(timeoutMs = 20_000): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'mlip-slurm-'));
  for (const d of ['munge', 'state', 'spool', 'log']) mkdirSync(join(dir, d));
  const node = hostname().split('.')[0];
  const [ctld, slurmd] = [await freePort(), await freePort()];
  const conf = join(dir, 'slurm.conf');
  writeFileSync(conf, [
    'ClusterName=mlipuqtest', `SlurmctldHost=${node}(127.0.0.1)`, 'SlurmUser=root', 'SlurmdUser=root',
    `SlurmctldPort=${ctld}`, `SlurmdPort=${slurmd}`,
    'AuthType=auth/munge', `AuthInfo=socket=${dir}/munge/munge.socket`,
    `StateSaveLocation=${dir}/state`, `SlurmdSpoolDir=${dir}/spool`,
    `SlurmctldPidFile=${dir}/slurmctld.pid`, `SlurmdPidFile=${dir}/slurmd.pid`,
    `SlurmctldLogFile=${dir}/log/slurmctld.log`, `SlurmdLogFile=${dir}/log/slurmd.log`,
    'ProctrackType=proctrack/linuxproc', 'TaskPlugin=task/none', 'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none', 'SchedulerType=sched/backfill',
    'SelectType=select/cons_tres', 'SelectTypeParameters=CR_CPU', 'ReturnToService=2', 'KillWait=5', 'MinJobAge=300',
    'MpiDefault=none', 'SchedulerParameters=sched_interval=1',
    `NodeName=${node} NodeAddr=127.0.0.1 CPUs=2 RealMemory=1000 State=UNKNOWN`,
    `PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP`, '',
  ].join('\n'));
  const env = { ...process.env, SLURM_CONF: conf };
  const stepdBefore = stepdPids();
  const children: ChildProcess[] = [];
  const daemon = (cmd: string, args: string[]) => {
    const log = openSync(join(dir, 'log', `${cmd}.out`), 'a');
    const c = spawn(cmd, args, { env, stdio: ['ignore', log, log] });
    c.on('error', () => { /* reported by the readiness wait */ });
    children.push(c);
    return c;
  };
  let stopped = false;
  const cluster: SlurmCluster = {
    dir, env,
    squeue: () => spawnSync('squeue', ['-h', '-o', '%i|%T'], { env, encoding: 'utf8' }).stdout ?? '',
    async stop() {
      if (stopped) return;
      stopped = true;
      if (children.length > 1) {
        spawnSync('scancel', ['--user=root'], { env, timeout: 10_000 });
        for (let i = 0; i < 20 && cluster.squeue().trim(); i++) await sleep(500);
      }
      for (const c of children.slice().reverse()) await stopChild(c);
      // slurmstepd processes outlive slurmd: end the ones this cluster started.
      for (const pid of stepdPids()) if (!stepdBefore.has(pid)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    },
  };
  try {
    const sock = join(dir, 'munge', 'munge.socket');
    daemon('munged', ['-F', '-f', `--socket=${sock}`, `--pid-file=${dir}/munge/munged.pid`, `--log-file=${dir}/munge/munged.log`, `--seed-file=${dir}/munge/seed`]);
    for (let i = 0; i < 50 && !existsSync(sock); i++) await sleep(100);
    daemon('slurmctld', ['-D', '-f', conf]);
    daemon('slurmd', ['-D', '-f', conf]);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' });
      if (s.status === 0 && /^idle/m.test(s.stdout)) break;
      const dead = children.find((c) => c.exitCode !== null);
      if (dead || Date.now() > deadline) {
        const logs = ['slurmctld.log', 'slurmd.log'].map((f) => join(dir, 'log', f)).filter(existsSync).map((f) => readFileSync(f, 'utf8').trim().split('\n').slice(-3).join('\n'));
        throw new Error(`the Slurm cluster did not come up (${dead ? `${dead.spawnargs[0]} exited` : 'timeout'}): ${s.stdout}${s.stderr}\n${logs.join('\n')}`);
      }
      await sleep(300);
    }
    return cluster;
  } catch (e) {
    await cluster.stop();
    throw e;
  }
}
