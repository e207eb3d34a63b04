/** Recognises the yaml-language-server schema modeline that points at the MLIP config schema. */
const MODELINE = /^\s*#\s*yaml-language-server\s*:\s*\$schema\s*=\s*(\S+)/m;

/** True when the text's first lines carry a modeline naming `mlip-config.schema.json` (any path or URL). */
export function namesOurSchema(head: string): boolean {
  const m = MODELINE.exec(head);
  return m !== null && /(^|[/\\])mlip-config\.schema\.json$/.test(m[1]);
}
