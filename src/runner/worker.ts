/**
 * The background process the extension spawns: `node dist/runner.js CONFIG [--run-dir DIR] [--resume]`.
 * Run events go to stdout as NDJSON (and to the run directory's events.ndjson); SIGTERM cancels with a
 * checkpoint. Exit status: 0 completed or cancelled, 1 failed, 2 bad arguments.
 */
import { isLocatedError } from '../core/errors';
import { runTrain } from './commands/train';

runTrain([...process.argv.slice(2), '--events']).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    const location = isLocatedError(err) ? err.location : undefined;
    // Errors before the run directory exists (bad config) still reach the host as one event line.
    process.stdout.write(JSON.stringify({ v: 1, t: new Date().toISOString(), run: '', type: 'failed', message, ...(location ? { location } : {}) }) + '\n');
    process.stderr.write(`mlip-uq runner: ${isLocatedError(err) ? message : err instanceof Error ? err.stack : message}\n`);
    process.exitCode = 1;
  },
);
