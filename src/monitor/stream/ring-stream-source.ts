/**
 * `vmmscope monitor --follow stream`: the data stream of a ring being written,
 * read file after file *while each file grows* (GrowingCapture), so the analysis
 * sees the datagrams a moment after they were written and one analysis state runs
 * across the file switches.
 *
 * Which file, in which order: every file with a running number in dumpcap's naming
 * `STEM_NNNNN_YYYYmmddHHMMSS.pcapng` (naming.ts `parseDumpcapFileName`), looked for
 * in the ring folder (dumpcap's own ring `-b files:N`, `vmmscope record` runs) and in
 * `vmmscope record`'s work folder `.STEM.recording/` (where both of its sources write
 * the file in progress before it becomes a ring slot `STEM_SSSSS.pcapng` or a run
 * file). The file being read is complete when a file with a higher number exists or
 * when it has left its place (the recorder moved it); then it is read to its end and
 * the next number follows. At start the newest file is read from its beginning. A
 * reader that falls behind by more than one file jumps to the newest (the skipped
 * files are counted), as does one whose next file was moved away before it was
 * opened. Not followed: the legacy per-file script's ring, whose files carry no
 * running number (use the per-file modes for it).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDumpcapFileName, workDirName } from '../../capture/naming.js';
import { UdpExtractor } from '../../net/udp-extractor.js';
import { GrowingCapture } from './growing-capture.js';
import type { StreamSource } from './stream-monitor.js';

interface Candidate {
  number: number;
  path: string;
  name: string;
}


export class RingStreamSource implements StreamSource {
  readonly extractor = new UdpExtractor();
  filesRead = 0;
  filesSkipped = 0;
  errors: string[] = [];
  private current: { file: GrowingCapture; number: number; name: string } | null = null;
  private lastNumber = -1;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    readonly dir: string,
    readonly stem: string,
    private readonly pollMs = 100,
    private readonly log: (line: string) => void = () => {},
  ) {}

  get description(): string {
    return this.current ? `reading ${this.current.name} while it grows` : `waiting for ${this.stem}_NNNNN_… files in ${this.dir} or ${join(this.dir, workDirName(this.stem))}`;
  }

  async start(push: (payload: Uint8Array, arrivalMs: number, seconds: number) => void): Promise<void> {
    this.loop = this.run((d) => push(d.bytes.slice(d.offset, d.offset + d.length), performance.now(), d.tsSeconds + d.tsNanos / 1e9));
  }

  /** Stops following: the file being read is read to its current end and ended (a cut last block counted as truncated). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  private async candidates(): Promise<Candidate[]> {
    const byNumber = new Map<number, Candidate>();
    for (const folder of [join(this.dir, workDirName(this.stem)), this.dir]) {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch {
        continue;
      }
      for (const name of names) {
        const p = parseDumpcapFileName(name);
        if (!p || p.stem !== this.stem || (p.extension !== 'pcapng' && p.extension !== 'pcap')) continue;
        if (!byNumber.has(p.number)) byNumber.set(p.number, { number: p.number, path: join(folder, name), name });
      }
    }
    return [...byNumber.values()].sort((a, b) => a.number - b.number);
  }

  private async idle(): Promise<void> {
    if (this.stopping) return;
    await new Promise<void>((r) => {
      const t = setTimeout(r, this.pollMs);
      this.wake = () => {
        clearTimeout(t);
        r();
      };
    });
    this.wake = null;
  }

  private async run(onDatagram: Parameters<typeof GrowingCapture.open>[2]): Promise<void> {
    while (!this.stopping) {
      const cur = this.current;
      if (!cur) {
        const c = await this.candidates();
        const newer = c.filter((f) => f.number > this.lastNumber);
        if (!newer.length) {
          await this.idle();
          continue;
        }
        const next = this.lastNumber < 0 || newer.length > 2 ? newer[newer.length - 1]! : newer[0]!;
        if (this.lastNumber >= 0 && next !== newer[0]) {
          this.filesSkipped += newer.length - 1;
          this.log(`follow: behind the ring, skipped ${newer.length - 1} file(s) before ${next.name}`);
        }
        try {
          this.current = { file: await GrowingCapture.open(next.path, this.extractor, onDatagram), number: next.number, name: next.name };
        } catch {
          // moved or removed before we could open it: the next listing decides (it may be gone for good)
          const again = await this.candidates();
          if (!again.some((f) => f.number === next.number)) {
            this.filesSkipped++;
            this.lastNumber = next.number;
            this.log(`follow: ${next.name} was moved away before it could be read; skipped`);
          }
        }
        continue;
      }
      try {
        if ((await cur.file.poll()) > 0) {
          await new Promise((r) => setImmediate(r));
          continue;
        }
        const c = await this.candidates();
        const moved = !(await exists(cur.file.path));
        if (moved || c.some((f) => f.number > cur.number)) await this.complete();
        else await this.idle();
      } catch (e) {
        this.errors.push(`${cur.name}: ${(e as Error).message}`);
        this.log(`follow: ${cur.name}: ${(e as Error).message}; going on with the next file`);
        await cur.file.close();
        this.current = null;
        this.lastNumber = cur.number;
      }
    }
    if (this.current) {
      try {
        await this.complete();
      } catch (e) {
        this.errors.push(`${this.current?.name}: ${(e as Error).message}`);
      }
    }
  }

  private async complete(): Promise<void> {
    const cur = this.current!;
    this.current = null;
    this.lastNumber = cur.number;
    await cur.file.finish();
    this.filesRead++;
    const st = cur.file.parser.stats;
    if (st.truncatedBytes > 0) this.errors.push(`${cur.name}: incomplete last block (${st.truncatedBytes} bytes) ignored`);
  }

  status(): Record<string, unknown> {
    return {
      kind: 'follow-stream',
      dir: this.dir,
      stem: this.stem,
      reading: this.current ? { name: this.current.name, bytesRead: this.current.file.bytesRead } : null,
      filesRead: this.filesRead,
      filesSkipped: this.filesSkipped,
      packets: this.extractor.stats.totalPackets,
      errors: this.errors.slice(-10),
    };
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
