/**
 * The node side of spilling (src/cluster/spill-store.ts): a temporary file in the
 * system's temp folder (created at the first write), written at its end and read at random
 * offsets. `close()` removes it; a process exit (also after an error or a second Ctrl-C)
 * removes it too.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpillStore } from '../cluster/spill-store.js';

const live = new Set<FileSpillStore>();
let exitHook = false;

export class FileSpillStore implements SpillStore {
  private dir = '';
  private path = '';
  private fd = -1;
  size = 0;

  constructor(private readonly parent = tmpdir()) {}

  private open(): void {
    this.dir = mkdtempSync(join(this.parent, 'vmmscope-spill-'));
    this.path = join(this.dir, 'pending-hits.bin');
    this.fd = openSync(this.path, 'w+');
    live.add(this);
    if (!exitHook) {
      exitHook = true;
      process.on('exit', () => {
        for (const s of live) s.close();
      });
    }
  }

  write(bytes: Uint8Array): number {
    if (this.fd < 0) this.open();
    const at = this.size;
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, at + done);
    this.size += bytes.length;
    return at;
  }

  read(offset: number, into: Uint8Array): void {
    let done = 0;
    while (done < into.length) {
      const n = readSync(this.fd, into, done, into.length - done, offset + done);
      if (n === 0) throw new RangeError(`${this.path}: read past the end (offset ${offset + done})`);
      done += n;
    }
  }

  close(): void {
    if (this.fd < 0) return;
    try {
      closeSync(this.fd);
    } finally {
      this.fd = -1;
      live.delete(this);
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
