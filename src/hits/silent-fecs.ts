/**
 * FECs of the geometry that send nothing, and the round rule (analysis.md §8.3): the
 * boundary is the minimum of oldTS over the FEC list where a 0 restarts the minimum, so
 * a silent FEC at the end of the list keeps the boundary at 0 and every hit pending
 * until the final flush (memory grows with the file). vmmscope says so on stderr, and
 * the `ignoreSilentFecs` option (not vmm-sdat's rule) leaves FECs out of the minimum
 * until they have sent data.
 */

/** Round boundary over `fecs` (§8.3 step 2); with `ignoreSilent`, FECs whose oldTS is still 0 are skipped. */
export function roundBoundary(fecs: readonly number[], oldTS: Float64Array, ignoreSilent: boolean): number {
  let ts = 0;
  for (const f of fecs) {
    const old = f < oldTS.length ? oldTS[f]! : 0;
    if (ignoreSilent && old === 0) continue;
    if (ts === 0 || ts > old) ts = Math.trunc(old);
  }
  return ts;
}

/**
 * The stderr note after a run whose rounds a silent FEC held back: the FECs at the end of
 * the list that never sent data, when some other FEC did (empty otherwise).
 */
export function silentFecNotes(fecs: readonly number[], maxTS: Float64Array, firstTS: Float64Array, ignoreSilent: boolean): string[] {
  const sent = (f: number) => f < maxTS.length && (maxTS[f] !== 0 || firstTS[f] !== 0);
  if (ignoreSilent || !fecs.some(sent)) return [];
  const trailing: number[] = [];
  for (let i = fecs.length - 1; i >= 0 && !sent(fecs[i]!); i--) trailing.unshift(fecs[i]!);
  if (trailing.length === 0) return [];
  const which = trailing.length === 1 ? `FEC ${trailing[0]}` : `FECs ${trailing.join(', ')}`;
  return [`${which} in the geometry sent no data: clustering deferred to the end (all hits kept until then; --ignore-silent-fecs leaves such FECs out of the round rule)`];
}
