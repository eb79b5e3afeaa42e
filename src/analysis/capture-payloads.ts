/**
 * The one file-reading loop of both analysis paths (analyze-file.ts in one thread, the
 * pipeline's worker in two): packets → UDP payloads (with vmm-sdat's packet statistics)
 * → a payload callback, the damage rule, and what the reading leaves behind (capture
 * statistics, damage, truncated tail, first/last packet times). The caller does the
 * reading itself (sync or async, src/io), passing `onPacket` and routing errors through
 * `damaged`. With a health accountant (src/health) every payload is also counted there,
 * with its capture time, and the capture's ISB drop counters at the end.
 */
import type { PacketRef } from '../pcapng/packet.js';
import { PcapngError } from '../pcapng/errors.js';
import { UdpExtractor, type UdpExtractorOptions } from '../net/udp-extractor.js';
import type { CaptureStats } from '../net/capture-stats.js';
import { formatPacketDate } from '../net/packet-date.js';
import type { CaptureTimes } from './metadata.js';
import type { HealthAccountant, HealthCounts } from '../health/accountant.js';
import type { InterfaceStatistics } from '../pcapng/packet.js';

/** What a capture reader returns (src/io `CaptureReadResult`), as far as the analysis needs it. */
export interface ReadOutcome {
  readonly bytesRead: number;
  readonly aborted: boolean;
  readonly parser: { readonly stats: { readonly truncatedBytes: number; readonly truncatedOffset: number }; readonly interfaceStatistics?: Record<string, InterfaceStatistics> };
}

/** What the reading of one capture left behind, for the file result. */
export interface ReadingEnd {
  readonly capture: CaptureStats;
  /** Structural damage that ended the reading early (everything before it was analysed). */
  readonly damage: PcapngError | null;
  readonly truncatedTailBytes: number;
  readonly truncatedTailOffset: number;
  readonly interrupted: boolean;
  readonly bytesRead: number;
  /** First and last packet times for the metadata strings. */
  readonly times: CaptureTimes;
  /** The health counts, when an accountant was given. */
  readonly health: HealthCounts | null;
}

export class CapturePayloads {
  private readonly ex: UdpExtractor;
  private damage: PcapngError | null = null;

  /** @param onPayload one UDP payload (`bytes[offset .. offset + length)`, not retained); false stops the reading (`-n`) */
  constructor(
    udp: UdpExtractorOptions | undefined,
    private readonly onPayload: (bytes: Uint8Array, offset: number, length: number) => boolean,
    private readonly health: HealthAccountant | null = null,
  ) {
    this.ex = new UdpExtractor(udp);
  }

  /** The packet callback for the capture reader. */
  readonly onPacket = (p: PacketRef): false | undefined => {
    const d = this.ex.extract(p);
    if (d === null || d.length === 0) return undefined;
    this.health?.datagram(d.bytes, d.offset, d.length, p.tsSeconds + p.tsNanos * 1e-9);
    return this.onPayload(d.bytes, d.offset, d.length) ? undefined : false;
  };

  /**
   * An error of the reading: a capture damaged after its first packet is analysed up to the
   * damage (kept for `end`); anything else — unreadable, not a capture, damaged before the
   * first packet — is rethrown.
   */
  damaged(e: unknown): void {
    if (!(e instanceof PcapngError) || this.ex.stats.totalPackets === 0) throw e;
    this.damage = e;
  }

  /** Ends the extraction; `read` is the reader's result (null when it threw). */
  end(read: ReadOutcome | null, timeZone?: string): ReadingEnd {
    this.ex.finish();
    const s = this.ex.stats;
    const has = s.totalPackets > 0;
    const ps = read?.parser.stats;
    if (this.health && read?.parser.interfaceStatistics) this.health.interfaceDrops(read.parser.interfaceStatistics);
    return {
      capture: s,
      damage: this.damage,
      truncatedTailBytes: ps?.truncatedBytes ?? 0,
      truncatedTailOffset: ps?.truncatedOffset ?? -1,
      interrupted: read?.aborted ?? false,
      bytesRead: read?.bytesRead ?? this.damage?.offset ?? 0,
      times: {
        firstSeconds: has ? s.firstSeconds : null,
        lastSeconds: has ? s.lastSeconds : null,
        firstDate: has ? formatPacketDate(s.firstSeconds, timeZone) : '',
        lastDate: has ? formatPacketDate(s.lastSeconds, timeZone) : '',
      },
      health: this.health?.counts ?? null,
    };
  }
}
