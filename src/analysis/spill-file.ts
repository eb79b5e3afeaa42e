/**
 * The node side of spilling (src/cluster/spill-store.ts): a temporary file in the
 * system's temp folder, written at its end and read at random offsets. `close()` removes
 * it; a process exit (also after an error or a second Ctrl-C) removes it too.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpillStore } from '../cluster/spill-store.js';

const open = new Set<FileSpillStore>();
let exitHook = false;

export class FileSpillStore implements SpillStore {
  readonly dir: string;
  readonly path: string;
  private fd: number;
  size = 0;

  constructor(parent = tmpdir()) {
    this.dir = mkdtempSync(join(parent, 'vmmscope-spill-'));
    this.path = join(this.dir, 'pending-hits.bin');
    this.fd = openSync(this.path, 'w+');
    open.add(this);
    if (!exitHook) {
      exitHook = true;
      process.on('exit', () => {
        for (const s of open) s.close();
      });
    }
  }

  write(bytes: Uint8Array): number {
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
      open.delete(this);
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
