/** Which files a ranked structure's name may open (pure, no editor code). */

/**
 * Files a structure name may stand for: the name itself, then without an archive member (`a.tar.gz:x.xsf`)
 * or a frame suffix (`a.extxyz#3`), since only whole files open in the editor.
 */
export function structureFileCandidates(name: string): string[] {
  const out = [name];
  const noFrame = name.replace(/(#\d+|\[\d+\])$/, '');
  if (noFrame !== name) out.push(noFrame);
  const member = /^(.*\.(?:tar\.gz|tgz|tar)):.+$/.exec(noFrame);
  if (member) out.push(member[1]);
  return out;
}
