/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (logs
 * and CI output stay clean). At most ~10 redraws per second.
 */
export class ProgressBar {
  private last = 0;
  private readonly start = Date.now();
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly enabled = process.stderr.isTTY === true,
  ) {}

  update(done: number, total: number, extra = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const frac = total > 0 ? Math.min(1, done / total) : 0;
    const width = 30;
    const full = Math.round(frac * width);
    const s = (now - this.start) / 1000;
    const rate = s > 0 ? done / s / 1e6 : 0;
    const eta = frac > 0 && frac < 1 ? ` ETA ${Math.ceil((s / frac) * (1 - frac))} s` : '';
    const line = `${this.label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(frac * 100).toFixed(0).padStart(3)}% ${(done / 1e6).toFixed(0)}/${(total / 1e6).toFixed(0)} MB ${rate.toFixed(0)} MB/s${eta}${extra}`;
    process.stderr.write(`\r${line.slice(0, (process.stderr.columns ?? 120) - 1)}\x1b[K`);
    this.drawn = true;
  }

  /** Clears the line (call before printing anything else to the terminal). */
  clear(): void {
    if (this.drawn) process.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
}
