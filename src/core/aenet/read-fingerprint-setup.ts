/**
 * The structural fingerprint set-up block of an aenet `.nn` file (sfsetup.f90 save_Setup):
 * description, atomtype, nenv, envtypes, Rc_min, Rc_max, sftype, nsf, nsfparam, sf(:),
 * sfparam(nsfparam, nsf), sfenv(2, nsf), neval, then min/max/avg/cov of every function.
 * For the Chebyshev basis aenet keeps (radial Rc, radial N, angular Rc, angular N) in sfparam(1:4, 1).
 */
import type { FortranRecordReader } from './fortran-records';
import type { AenetFingerprintSetup, ChebyshevBasisParams } from './types';

/** aenet's NENV_MAX: sfenv always has two rows. */
const NENV_MAX = 2;

export function readAenetFingerprintSetup(r: FortranRecordReader): AenetFingerprintSetup {
  const description = r.string('setup.description').replace(/\$\$/g, '\n').trim();
  const atomType = r.string('setup.atomtype').trim();
  if (!atomType) throw r.invalid('empty central atom type', 'setup.atomtype', 'an element symbol');
  const nenv = r.int32('setup.nenv');
  if (nenv < 1 || nenv > 200) throw r.invalid(`nenv = ${nenv}`, 'setup.nenv', 'between 1 and 200 environment species');
  const envTypes = r.stringArray('setup.envtypes', nenv);
  const rcMin = r.float64('setup.Rc_min');
  const rcMax = r.float64('setup.Rc_max');
  const basisType = r.string('setup.sftype').trim();
  const nsf = r.int32('setup.nsf');
  if (nsf < 1) throw r.invalid(`nsf = ${nsf}`, 'setup.nsf', 'a positive number of fingerprint functions');
  const nsfparam = r.int32('setup.nsfparam');
  if (nsfparam < 0) throw r.invalid(`nsfparam = ${nsfparam}`, 'setup.nsfparam', 'a non-negative count');
  r.int32Array('setup.sf', nsf);
  const sfparam = r.float64Array('setup.sfparam', nsfparam * nsf);
  r.int32Array('setup.sfenv', NENV_MAX * nsf);
  const neval = r.int32('setup.neval');
  const sfvalMin = r.float64Array('setup.sfval_min', nsf);
  const sfvalMax = r.float64Array('setup.sfval_max', nsf);
  const sfvalAvg = r.float64Array('setup.sfval_avg', nsf);
  const sfvalCov = r.float64Array('setup.sfval_cov', nsf);

  let chebyshev: ChebyshevBasisParams | null = null;
  if (basisType.toLowerCase() === 'chebyshev') {
    if (nsfparam < 4) throw r.invalid(`nsfparam = ${nsfparam}`, 'setup.nsfparam', 'at least 4 for the Chebyshev basis');
    chebyshev = {
      radialCutoff: sfparam[0],
      radialOrder: Math.round(sfparam[1]),
      angularCutoff: sfparam[2],
      angularOrder: Math.round(sfparam[3]),
    };
    const perSet = chebyshev.radialOrder + chebyshev.angularOrder + 2;
    const expected = nenv > 1 ? 2 * perSet : perSet;
    if (nsf !== expected) {
      throw r.invalid(`nsf = ${nsf}`, 'setup.nsf',
        `${expected} for radial_N ${chebyshev.radialOrder}, angular_N ${chebyshev.angularOrder} and ${nenv} species`);
    }
  }
  return { description, atomType, envTypes, rcMin, rcMax, basisType, nsf, chebyshev, neval, sfvalMin, sfvalMax, sfvalAvg, sfvalCov };
}
