/** The report `npm start` asks the served VS Code to open (MLIP_UQ_OPEN_REPORT), checked; pure, for tests. */
import { existsSync } from 'node:fs';

/** An existing *.uqreport.json named by the environment, else undefined. */
export function reportToOpenOnStart(env: NodeJS.ProcessEnv, exists: (f: string) => boolean = existsSync): string | undefined {
  const file = env.MLIP_UQ_OPEN_REPORT?.trim();
  return file && file.endsWith('.uqreport.json') && exists(file) ? file : undefined;
}
