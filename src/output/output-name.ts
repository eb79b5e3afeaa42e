/**
 * vmm-sdat's output file name (analysis.md §2.7): the input name without its last 7
 * characters if it contains `.pcapng`, then `_YYYYMMDDhhmmss` (local time), `_<info>`
 * if given, `.root`. The path part is kept.
 */
export function vmmsdatOutputName(file: string, info: string, now = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  const stem = file.includes('.pcapng') ? file.slice(0, -7) : file;
  return `${stem}_${stamp}${info ? `_${info}` : ''}.root`;
}
