/**
 * The Chebyshev set-up of every element of the data, from a resolved config: the shared values,
 * overridden per element, or an aenet `.stp` file. One environment order for all (config `env`, else
 * alphabetical), so the type weights mean the same thing for every element.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseStp } from '../descriptors/setup';
import type { ChebyshevSetup } from '../descriptors/types';
import { LocatedError } from '../errors';
import type { MlipConfig } from './types';

/** The environment order: `descriptor.env` when given, else the data's elements alphabetically. */
export function environmentOrder(config: MlipConfig, elements: Iterable<string>): string[] {
  return config.descriptor.env ? [...config.descriptor.env] : [...new Set(elements)].sort();
}

/**
 * One set-up per element, in environment order. Throws LocatedError (field `descriptor.…`) for an
 * unreadable `.stp` file or one written for another element; run checkSemantics first for the rest.
 */
export function descriptorSetups(config: MlipConfig, elements: Iterable<string>, configDir: string): ChebyshevSetup[] {
  const d = config.descriptor;
  const env = environmentOrder(config, elements);
  return env.map((element) => {
    const stp = d.stp_files[element];
    if (stp !== undefined) {
      const file = isAbsolute(stp) ? stp : resolve(configDir, stp);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new LocatedError(`cannot read .stp file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: stp, field: `descriptor.stp_files.${element}` }, 'a readable aenet fingerprint set-up');
      }
      const setup = parseStp(text, stp);
      if (setup.element !== element) {
        throw new LocatedError(`.stp file is for ${setup.element}, not ${element}`, { file: stp, field: `descriptor.stp_files.${element}` }, `ATOM ${element}`);
      }
      return setup;
    }
    const o = d.elements[element] ?? {};
    return {
      element,
      env: [...env],
      rmin: o.rmin ?? d.rmin,
      radialCutoff: o.radial_cutoff ?? d.radial_cutoff,
      radialOrder: o.radial_order ?? d.radial_order,
      angularCutoff: o.angular_cutoff ?? d.angular_cutoff,
      angularOrder: o.angular_order ?? d.angular_order,
    };
  });
}
