/**
 * vmm-sdat's rendering of a packet time: `strftime("%c %Z", localtime(s))` in
 * the C locale, e.g. `Thu Apr 22 09:49:00 2021 UTC` (day of month padded with a
 * space to width 2). Built on Intl so it also runs in a browser.
 *
 * The zone abbreviation (%Z) comes from tzdata in glibc; Intl only knows some
 * of them per locale. We ask en-US (UTC, EST, PDT …), then a few locales that
 * know other names (en-GB: CET, CEST, BST; en-AU: AEST; en-IN: IST; ja-JP:
 * JST …), keeping a name only if tzdata uses it too (en-GB invents some, e.g.
 * "GST" for Asia/Dubai where tzdata says "+04"). Otherwise we print a numeric
 * offset as tzdata does for zones without letters ("+04", "+0530", "-03");
 * for the few zones whose tzdata letters no locale knows (KST, HKT, MSK, China
 * CST, SAST) this differs from vmm-sdat — the date line is informational.
 */

/** Letter abbreviations of current tzdata that en-US does not produce but en-GB does. */
const TZDATA_LETTERS = new Set(
  ('GMT UTC BST IST CET CEST MET MEST EET EEST WET WEST MSK SAST CAT EAT WAT JST KST HKT PKT ' +
    'AEST AEDT ACST ACDT AWST NZST NZDT ChST SST IDT WIB WITA WIT PHT HST').split(' '),
);

interface Formatters {
  main: Intl.DateTimeFormat;
  /** Zone-name-only formatters of the fallback locales. */
  zone: Intl.DateTimeFormat[];
}
const ZONE_LOCALES = ['en-GB', 'en-AU', 'en-IN', 'ja-JP'];
const cache = new Map<string, Formatters>();

function formatters(timeZone: string | undefined): Formatters {
  const key = timeZone ?? '';
  let f = cache.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = {
      timeZone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    };
    f = { main: new Intl.DateTimeFormat('en-US', opts), zone: ZONE_LOCALES.map((l) => new Intl.DateTimeFormat(l, { timeZone, timeZoneName: 'short' })) };
    cache.set(key, f);
  }
  return f;
}

const part = (parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
const numericZone = /^(?:GMT|UTC)([+-])(\d{1,2})(?::(\d{2}))?$/;

/**
 * `%c %Z` of integer seconds since 1970 in `timeZone` (IANA name; default: the
 * machine's local zone, like vmm-sdat). Returns '' for a non-finite input.
 */
export function formatPacketDate(seconds: number, timeZone?: string): string {
  if (!Number.isFinite(seconds)) return '';
  const f = formatters(timeZone);
  const d = new Date(seconds * 1000);
  const p = f.main.formatToParts(d);
  let zone = part(p, 'timeZoneName');
  if (numericZone.test(zone)) {
    for (const z of f.zone) {
      const name = part(z.formatToParts(d), 'timeZoneName');
      if (TZDATA_LETTERS.has(name)) {
        zone = name;
        break;
      }
    }
    const m = numericZone.exec(zone);
    if (m) zone = `${m[1]}${m[2]!.padStart(2, '0')}${m[3] ?? ''}`;
  }
  const day = part(p, 'day').padStart(2, ' ');
  return `${part(p, 'weekday')} ${part(p, 'month')} ${day} ${part(p, 'hour')}:${part(p, 'minute')}:${part(p, 'second')} ${part(p, 'year')} ${zone}`;
}
