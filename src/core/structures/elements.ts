/**
 * The periodic table by symbol, Z = 1…118, used to reject unknown elements early (a typo in a
 * species column would otherwise become a silently new atom type).
 */
const SYMBOLS = (
  'H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr ' +
  'Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm ' +
  'Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No ' +
  'Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og'
).split(' ');

/** Element symbols indexed by Z − 1. */
export const ELEMENT_SYMBOLS: readonly string[] = SYMBOLS;

const bySymbol = new Set(SYMBOLS);
// Symbols are unique ignoring case, so 'TI' and 'ti' can safely mean Ti.
const byLowerSymbol = new Map(SYMBOLS.map((s, i) => [s.toLowerCase(), i + 1]));

/** Atomic number of a symbol (any letter case), or 0 when it is not an element. */
export function atomicNumber(symbol: string): number {
  return byLowerSymbol.get(symbol.toLowerCase()) ?? 0;
}

/**
 * The canonical symbol for a species token: a symbol in any case, or an atomic number (XSF allows
 * both). Returns null for anything else.
 */
export function elementSymbol(token: string): string | null {
  if (/^\d{1,3}$/.test(token)) {
    const z = Number(token);
    return z >= 1 && z <= SYMBOLS.length ? SYMBOLS[z - 1] : null;
  }
  if (bySymbol.has(token)) return token;
  const z = byLowerSymbol.get(token.toLowerCase());
  return z ? SYMBOLS[z - 1] : null;
}
