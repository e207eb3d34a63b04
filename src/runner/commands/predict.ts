/**
 * `mlip-uq predict`: energies (and forces) of structures from a model. Each model source is a mode
 * in its own module, chosen by the option that names the model, so modes never share option parsing:
 *   --aenet-potential EL=FILE …   aenet `.nn` potentials            (./predict-aenet)
 * A mode for models trained by this product (`--run RUN_DIR`) is added the same way.
 */
import type { Command } from './command';
import { processOutput, type CommandOutput } from './command-output';

type ModeRunner = (args: string[], io?: CommandOutput) => Promise<number>;

interface Mode {
  /** The option whose presence selects this mode. */
  option: string;
  summary: string;
  load: () => Promise<ModeRunner>;
}

const MODES: Mode[] = [
  {
    option: 'aenet-potential',
    summary: '--aenet-potential EL=FILE.nn [--aenet-potential …] FILES… [--forces] [--json]',
    load: async () => (await import('./predict-aenet')).runPredictAenet,
  },
  {
    option: 'run',
    summary: '--run RUN_DIR FILES… [--forces] [--json] [--samples N]',
    load: async () => (await import('./predict-run')).runPredictRun,
  },
];

function usage(): string {
  return `usage: mlip-uq predict ${MODES.map((m) => m.summary).join('\n       mlip-uq predict ')}\n` +
    `run "mlip-uq predict --${MODES[0].option} --help" (and likewise for each mode) for a mode's options.`;
}

function selects(args: string[], option: string): boolean {
  return args.some((a) => a === `--${option}` || a.startsWith(`--${option}=`));
}

export async function runPredict(args: string[], io: CommandOutput = processOutput): Promise<number> {
  const mode = MODES.find((m) => selects(args, m.option));
  if (!mode) {
    const help = args.includes('--help') || args.includes('-h');
    if (help) io.out(`${usage()}\n`);
    else io.err(`mlip-uq predict: name a model\n${usage()}\n`);
    return help ? 0 : 2;
  }
  return (await mode.load())(args, io);
}

const predict: Command = { run: (args) => runPredict(args) };

export default predict;
