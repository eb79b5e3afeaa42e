/**
 * The contract between the recorder and a data source (dumpcap or the built-in UDP
 * receiver): a source writes files through a `FileSequence`, reports each completed
 * file, exposes live counters for the status line, and stops cleanly on request
 * (finishing the current file as a valid pcapng).
 */
import type { CompletedFile } from './file-sequence.js';

/** Live counters of a source; totals since the start. */
export interface SourceCounters {
  /** Packets written (dumpcap: as it reports them). */
  packets: number;
  /** Bytes on disk, completed files plus the file in progress. */
  bytes: number;
  /** Packets lost before reaching the file (kernel/socket drops); undefined while unknown. */
  drops: number | undefined;
}

/** Callbacks from a source to the recorder. */
export interface SourceEvents {
  /** A file is complete and at its final name (semaphore already updated in ring mode). */
  onFile(file: CompletedFile): void;
  /** A line for the user (not an error), e.g. "capturing on lo". */
  onInfo(text: string): void;
}

/** How a source ended. */
export interface SourceResult {
  /** Why it stopped. */
  readonly reason: 'limit' | 'stopped' | 'disk-full';
  /** Extra lines for the final report (e.g. dumpcap's drop statistics, what a full disk cut). */
  readonly notes: string[];
}

export interface Source {
  /** Starts data taking; resolves once data is being captured (after which packets are taken). */
  start(): Promise<void>;
  /** Asks the source to finish the current file and stop; idempotent. */
  stop(): void;
  /** Resolves when the source has finished (limit reached, stopped, or disk full); rejects on failure. */
  readonly finished: Promise<SourceResult>;
  counters(): SourceCounters;
}
