/**
 * Reads a capture file while it is being written: `poll()` reads whatever was
 * appended since the last call into the push parser, which delivers every complete
 * pcapng block and keeps a block cut at the current end until the rest is written.
 * `finish()` (once the file is known to be complete) reads to the end and ends the
 * parser, so a block that stays cut is counted as a truncated tail, as in a finished
 * file. The file stays open from the start, so a rename (the recorder moving a
 * complete file to its ring slot) or an overwrite of the name does not matter
 * (the descriptor comes from FileOpener, which opens files the moment they appear).
 * Packets are handed on as UDP payloads through the caller's `UdpExtractor`.
 */
import { close, read } from 'node:fs';
import { CaptureParser } from '../../pcapng/parser.js';
import type { PacketRef } from '../../pcapng/packet.js';
import type { UdpDatagram, UdpExtractor } from '../../net/udp-extractor.js';

const CHUNK = 1 << 20;

export class GrowingCapture {
  /** Bytes read so far. */
  bytesRead = 0;
  readonly parser: CaptureParser;
  private readonly chunk = new Uint8Array(CHUNK);
  private ended = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    extractor: UdpExtractor,
    onDatagram: (d: UdpDatagram) => void,
  ) {
    this.parser = new CaptureParser((p: PacketRef) => {
      const d = extractor.extract(p);
      if (d !== null && d.length > 0) onDatagram(d);
    });
  }

  /** Reads the open descriptor `fd` of `path` from its start; the capture owns `fd` from now on. */
  static fromFd(path: string, fd: number, extractor: UdpExtractor, onDatagram: (d: UdpDatagram) => void): GrowingCapture {
    return new GrowingCapture(path, fd, extractor, onDatagram);
  }

  private readAt(position: number): Promise<number> {
    return new Promise((resolve, reject) => read(this.fd, this.chunk, 0, CHUNK, position, (e, n) => (e ? reject(e) : resolve(n))));
  }

  private closeFd(): Promise<void> {
    return new Promise((resolve) => close(this.fd, () => resolve()));
  }

  /**
   * Reads what was appended (up to `maxBytes` this call); returns the bytes read.
   * A structural error of the capture is thrown as the parser's PcapngError.
   */
  async poll(maxBytes = 8 * CHUNK): Promise<number> {
    if (this.ended) return 0;
    let total = 0;
    while (total < maxBytes) {
      const bytesRead = await this.readAt(this.bytesRead);
      if (bytesRead === 0) break;
      this.bytesRead += bytesRead;
      total += bytesRead;
      this.parser.push(bytesRead === CHUNK ? this.chunk : this.chunk.subarray(0, bytesRead));
    }
    return total;
  }

  /** The file is complete: reads the rest, ends the parser and closes the file. */
  async finish(): Promise<void> {
    if (this.ended) return;
    try {
      while ((await this.poll()) > 0);
      this.parser.end();
    } finally {
      this.ended = true;
      await this.closeFd();
    }
  }

  /** Closes without ending the parser (stop, or the file was given up). */
  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.closeFd();
  }
}
