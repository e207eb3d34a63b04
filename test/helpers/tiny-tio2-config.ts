/**
 * A training config on the first structures of the shipped TiO2 archive with a tiny descriptor
 * (orders 3 and 2), for runner tests that train in seconds. `body` holds the method, training and
 * evaluation sections.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TIO2_ARCHIVE = join(__dirname, '..', '..', 'examples', 'data', 'tio2-1000-xsf.tar.gz');

export function writeTinyTio2Config(file: string, o: { limit: number; env?: string[]; body: string }): string {
  const env = o.env ? `, env: [${o.env.join(', ')}]` : '';
  writeFileSync(file, `data:
  structures: ${JSON.stringify(TIO2_ARCHIVE)}
  reference_energies: { O: -432.503149303, Ti: -1604.604515075 }
  limit: ${o.limit}
descriptor: { radial_cutoff: 4.0, radial_order: 3, angular_cutoff: 3.0, angular_order: 2${env} }
${o.body}
`);
  return file;
}

/** An ensemble on 30 structures with no calibration snapshots: the quick run that predict and select tests train first. */
export function writeTinyEnsembleConfig(file: string, o: { members: number; epochs: number }): string {
  return writeTinyTio2Config(file, { limit: 30, env: ['O', 'Ti'], body: `method: { type: ensemble, ensemble: { members: ${o.members} } }
training: { epochs: ${o.epochs}, batch_size: 8, backend: wasm }
evaluation: { calibration_every: 0 }` });
}
