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
 * file). Every new file is opened as soon as it appears (FileOpener, in a thread of
 * its own) and held open, so the recorder moving it to a ring slot, or the ring
 * overwriting that slot later, loses nothing. The file being read is complete when a newer one is
 * open or when it has left its place (the recorder moved it); then it is read to its
 * end and the next follows. At start every file present with a number is read, oldest
 * first (`--start newest`: only the newest, from its beginning). A
 * file that was complete and moved away before it could be opened (shorter than the
 * opener's 20 ms listing period) is counted as skipped. A reader that falls behind reads on in order; the
 * datagram queue's skipping keeps the figures current. Not followed: the legacy
 * per-file script's ring, whose files carry no running number (use the per-file
 * modes for it).
 */
import { closeSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { workDirName } from '../../capture/naming.js';
import { UdpExtractor, type UdpDatagram } from '../../net/udp-extractor.js';
import { FileOpener, type OpenedFile } from './file-opener.js';
import { GrowingCapture } from './growing-capture.js';
import type { StreamSource } from './stream-monitor.js';


export class RingStreamSource implements StreamSource {
  readonly extractor = new UdpExtractor();
  filesRead = 0;
  filesSkipped = 0;
  errors: string[] = [];
  /** Files opened, oldest first: the first is being read, the others were opened as soon as they appeared. */
  private open: { file: GrowingCapture; number: number; name: string }[] = [];
  private opener: FileOpener | null = null;
  private onDatagram: ((d: UdpDatagram) => void) | null = null;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    readonly dir: string,
    readonly stem: string,
    private readonly pollMs = 100,
    private readonly log: (line: string) => void = () => {},
    /** Where to begin: every file present (default), or the newest one only. */
    private readonly startAt: 'oldest' | 'newest' = 'oldest',
  ) {}

  get description(): string {
    return this.open[0] ? `reading ${this.open[0].name} while it grows` : `waiting for ${this.stem}_NNNNN_… files in ${this.dir} or ${join(this.dir, workDirName(this.stem))}`;
  }

  async start(push: (payload: Uint8Array, arrivalMs: number, seconds: number) => void): Promise<void> {
    this.onDatagram = (d) => push(d.bytes.slice(d.offset, d.offset + d.length), performance.now(), d.tsSeconds + d.tsNanos / 1e9);
    this.opener = new FileOpener([join(this.dir, workDirName(this.stem)), this.dir], this.stem, (f) => this.opened(f), this.startAt);
    this.loop = this.run();
  }

  /** Stops following: the files open are read to their current end and ended (a cut last block counted as truncated). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    this.opener?.close();
    this.opener = null;
    await this.loop;
  }

  private opened(f: OpenedFile): void {
    const name = basename(f.path);
    if (this.stopping) {
      if (f.fd >= 0) closeSync(f.fd);
      return;
    }
    if (f.fd < 0) {
      this.filesSkipped++;
      this.log(`follow: file number ${f.number} was moved away before it could be opened; its data is not analysed`);
      return;
    }
    this.open.push({ file: GrowingCapture.fromFd(f.path, f.fd, this.extractor, this.onDatagram!), number: f.number, name });
    this.wake?.();
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

  private async run(): Promise<void> {
    while (!this.stopping) {
      const cur = this.open[0];
      if (!cur) {
        await this.idle();
        continue;
      }
      try {
        if ((await cur.file.poll()) > 0) {
          await new Promise((r) => setImmediate(r));
          continue;
        }
        if (this.open.length > 1 || !(await stat(cur.file.path).then(() => true, () => false))) await this.complete();
        else await this.idle();
      } catch (e) {
        this.errors.push(`${cur.name}: ${(e as Error).message}`);
        this.log(`follow: ${cur.name}: ${(e as Error).message}; going on with the next file`);
        this.open.shift();
        await cur.file.close();
      }
    }
    // stop: the file being read is read to its current end; files opened ahead are read too
    while (this.open.length) {
      try {
        await this.complete();
      } catch (e) {
        this.errors.push(`${(e as Error).message}`);
      }
    }
  }

  private async complete(): Promise<void> {
    const cur = this.open.shift()!;
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
      reading: this.open[0] ? { name: this.open[0].name, bytesRead: this.open[0].file.bytesRead } : null,
      openAhead: this.open.length > 1 ? this.open.length - 1 : 0,
      filesRead: this.filesRead,
      filesSkipped: this.filesSkipped,
      packets: this.extractor.stats.totalPackets,
      errors: this.errors.slice(-10),
    };
  }
}
