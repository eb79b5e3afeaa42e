/**
 * The live status line of `record` and `replay`: one line on a TTY, rewritten in
 * place about once a second ("3 files · 12.4 MB · 10.2 k packets/s · 95.1 Mbit/s ·
 * drops 0 · 0:01:23"), cleared before any other output so log lines stay readable.
 * Not a TTY → nothing is drawn (the commands print one line per file instead).
 */

/** Human byte count with decimal units (MB = 10^6 bytes, as file sizes in `--filesize`). */
export function formatBytes(n: number): string {
  if (n < 1e3) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

/** A rate with k/M/G prefixes and 3 significant digits, e.g. 10234 → "10.2 k", 950 → "950". */
export function formatRate(perSecond: number): string {
  if (perSecond < 1e3) return perSecond.toFixed(0);
  const [div, unit] = perSecond < 1e6 ? [1e3, 'k'] : perSecond < 1e9 ? [1e6, 'M'] : [1e9, 'G'];
  const v = perSecond / div;
  return `${v >= 999.5 ? v.toFixed(0) : v.toPrecision(3)} ${unit}`;
}

/** A bit rate, e.g. 95.1e6 → "95.1 Mbit/s". */
export function formatBitRate(bitsPerSecond: number): string {
  const r = formatRate(bitsPerSecond);
  return /[kMG]$/.test(r) ? `${r}bit/s` : `${r} bit/s`;
}

/** Elapsed seconds as h:mm:ss. */
export function formatElapsed(seconds: number): string {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Totals at one instant. */
export interface StatusSample {
  /** Files complete. */
  files: number;
  /** Bytes on disk. */
  bytes: number;
  packets: number;
  /** undefined = not known yet (dumpcap reports drops at the end). */
  drops: number | undefined;
}

/** Rates between successive samples, and the status texts of record and replay. */
export class StatusMeter {
  private lastT: number;
  private lastPackets = 0;
  private lastBytes = 0;
  private readonly t0: number;

  constructor(now = Date.now()) {
    this.t0 = now;
    this.lastT = now;
  }

  /** Packets/s and bits/s since the previous call, and seconds since construction. */
  rates(packets: number, bytes: number, now = Date.now()): { pps: number; bps: number; elapsed: number } {
    const dt = Math.max(1e-3, (now - this.lastT) / 1000);
    const pps = Math.max(0, (packets - this.lastPackets) / dt);
    const bps = Math.max(0, ((bytes - this.lastBytes) * 8) / dt);
    this.lastT = now;
    this.lastPackets = packets;
    this.lastBytes = bytes;
    return { pps, bps, elapsed: (now - this.t0) / 1000 };
  }

  /** "3 files · 12.4 MB · 1.2 M packets · 10.2 k packets/s · 95.1 Mbit/s · drops 0 · 0:01:23". */
  line(s: StatusSample, now = Date.now()): string {
    const r = this.rates(s.packets, s.bytes, now);
    return [
      `${s.files} file${s.files === 1 ? '' : 's'}`,
      formatBytes(s.bytes),
      `${formatRate(s.packets)} packets`,
      `${formatRate(r.pps)} packets/s`,
      formatBitRate(r.bps),
      `drops ${s.drops ?? '?'}`,
      formatElapsed(r.elapsed),
    ].join(' · ');
  }
}

/** Draws a single self-overwriting line on a TTY stream; a no-op elsewhere. */
export class StatusLine {
  private shown = false;
  readonly enabled: boolean;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    enabled = stream.isTTY === true,
  ) {
    this.enabled = enabled;
  }

  /** Replaces the line with `text` (cut to the terminal width). */
  update(text: string): void {
    if (!this.enabled) return;
    const w = this.stream.columns ? this.stream.columns - 1 : 200;
    this.stream.write(`\r\x1b[K${text.length > w ? text.slice(0, w) : text}`);
    this.shown = true;
  }

  /** Clears the line (call before printing anything else). */
  clear(): void {
    if (!this.enabled || !this.shown) return;
    this.stream.write('\r\x1b[K');
    this.shown = false;
  }

  /** Prints `text` as a normal line, keeping the status line below it. */
  log(text: string, redraw?: string): void {
    this.clear();
    this.stream.write(`${text}\n`);
    if (redraw !== undefined) this.update(redraw);
  }
}
