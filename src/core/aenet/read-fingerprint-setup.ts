/**
 * The structural fingerprint set-up block of an aenet `.nn` file (sfsetup.f90 save_Setup):
 * description, atomtype, nenv, envtypes, Rc_min, Rc_max, sftype, nsf, nsfparam, sf(:),
 * sfparam(nsfparam, nsf), sfenv(2, nsf), neval, then min/max/avg/cov of every function.
 * For the Chebyshev basis aenet keeps (radial Rc, radial N, angular Rc, angular N) in sfparam(1:4, 1).
 */
import type { AenetFieldReader } from './field-reader';
import type { AenetFingerprintSetup, ChebyshevBasisParams } from './types';

/** aenet's NENV_MAX: sfenv always has two rows. */
const NENV_MAX = 2;

export function readAenetFingerprintSetup(r: AenetFieldReader): AenetFingerprintSetup {
  const description = r.text('setup.description').replace(/\$\$/g, '\n').trim();
  const atomType = r.text('setup.atomtype').trim();
  if (!atomType) throw r.invalid('empty central atom type', 'setup.atomtype', 'an element symbol');
  const nenv = r.int('setup.nenv');
  if (nenv < 1 || nenv > 200) throw r.invalid(`nenv = ${nenv}`, 'setup.nenv', 'between 1 and 200 environment species');
  const envTypes = r.words('setup.envtypes', nenv);
  const rcMin = r.real('setup.Rc_min');
  const rcMax = r.real('setup.Rc_max');
  const basisType = r.text('setup.sftype').trim();
  const nsf = r.int('setup.nsf');
  if (nsf < 1) throw r.invalid(`nsf = ${nsf}`, 'setup.nsf', 'a positive number of fingerprint functions');
  const nsfparam = r.int('setup.nsfparam');
  if (nsfparam < 0) throw r.invalid(`nsfparam = ${nsfparam}`, 'setup.nsfparam', 'a non-negative count');
  r.ints('setup.sf', nsf);
  const sfparam = r.reals('setup.sfparam', nsfparam * nsf);
  r.ints('setup.sfenv', NENV_MAX * nsf);
  const neval = r.int('setup.neval');
  const sfvalMin = r.reals('setup.sfval_min', nsf);
  const sfvalMax = r.reals('setup.sfval_max', nsf);
  const sfvalAvg = r.reals('setup.sfval_avg', nsf);
  const sfvalCov = r.reals('setup.sfval_cov', nsf);

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
