/**
 * Saving a recording chunk by chunk as it is made, and bringing back the ones that never ended.
 *
 * Who may touch a saved recording is decided with the Web Locks API: the tab recording holds a
 * lock named after the recording from before its first write until its saved copy is deleted (the
 * browser releases it when the tab dies). Recovery and clearing take that lock with `ifAvailable`,
 * so a recording still being made, or being recovered by another element or tab, is left alone.
 */
import type { RecoverEventDetail } from '../events.js';
import { seekable } from '../recording/seekable.js';
import { deleteRecording, listRecordings, readRecording, transaction, type ChunkRow, type RecordingRow } from './store.js';

const lockName = (id: string) => `media-recorder-button:${id}`;

/** Web Locks (every current engine); without them nothing is saved, as no tab could tell what is still being recorded. */
export const canPersist = () => typeof navigator !== 'undefined' && !!navigator.locks && typeof indexedDB !== 'undefined';

const newId = () => crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;

/**
 * Chunks are saved at most about once a second, those that came in between joined in one Blob: a
 * small timeslice does not make thousands of rows, which would make recovery slow.
 */
const WRITE_INTERVAL_MS = 900;

/**
 * Whether this browser's IndexedDB takes Blobs. WebKit's does not in private windows (nor in
 * automated sessions): after a first refusal, chunks are stored as bytes, read into memory one
 * write at a time. Blobs cost the page nothing: the browser moves them to disk itself.
 */
let storesBlobs = true;

/** Writes one console warning per distinct message. */
export type Warn = (message: string) => void;

/**
 * The saved copy of one recording. Writes are queued in order and never awaited by the recorder.
 * The first failure (quota, storage blocked) gives one console warning and ends saving for this recording.
 */
export class Spool {
  readonly id = newId();
  private seq = 0;
  private pending: Blob[] = [];
  private lastWriteAt = -Infinity;
  private recordedMs = 0;
  private failed = false;
  private releaseLock = () => {};
  /** Settles when every write queued so far is done (or has failed). */
  tail: Promise<void>;

  constructor(
    private readonly row: Omit<RecordingRow, 'id' | 'recordedMs'>,
    private readonly warn: Warn,
  ) {
    // Locked before anything is written: no other tab ever sees this recording unlocked while it is made.
    this.tail = new Promise<void>((resolve, reject) => {
      navigator.locks
        .request(lockName(this.id), () => {
          resolve();
          return new Promise<void>((release) => (this.releaseLock = release));
        })
        .catch(reject);
    }).catch((error) => this.fail(error));
  }

  /** Queues `data` for saving; `recordedMs` is the recording's length at its end. */
  add(data: Blob, recordedMs: number): void {
    if (this.failed) return;
    this.row.mimeType ||= data.type;
    this.pending.push(data);
    this.recordedMs = recordedMs;
    if (performance.now() - this.lastWriteAt >= WRITE_INTERVAL_MS) this.flush();
  }

  /** The tus upload the chunks are going to: saved with the next chunks. */
  set uploadUrl(url: string) {
    this.row.uploadUrl = url;
  }

  /** Saves the chunks not saved yet now (when pausing, when the page goes away). */
  flush(): void {
    if (this.failed || this.pending.length === 0) return;
    this.lastWriteAt = performance.now();
    this.queue(() => this.writePending());
  }

  /** The recording ended: `keep` its saved copy (the page is going away) or delete it. */
  end(keep: boolean): Promise<void> {
    if (keep) this.flush();
    else this.discard();
    return this.tail;
  }

  /** Deletes the saved copy once the writes before it are done, then lets go of the lock. */
  discard(): Promise<void> {
    this.failed = true; // nothing more to write
    this.pending = [];
    this.tail = this.tail
      .then(() => deleteRecording(this.id))
      .catch(() => {})
      .finally(() => this.releaseLock());
    return this.tail;
  }

  private queue(write: () => Promise<void> | undefined): void {
    this.tail = this.tail.then(write).catch((error) => this.fail(error));
  }

  private async writePending(): Promise<void> {
    if (this.failed || this.pending.length === 0) return;
    const batch = this.pending.splice(0);
    const row: RecordingRow = { ...this.row, id: this.id, recordedMs: this.recordedMs, savedAt: Date.now() };
    const data = new Blob(batch);
    const seq = this.seq++;
    const write = (stored: Blob | ArrayBuffer) =>
      transaction('readwrite', ({ recordings, chunks }) => {
        chunks.put({ recording: this.id, seq, data: stored } satisfies ChunkRow);
        recordings.put(row);
      });
    if (!storesBlobs) return write(await data.arrayBuffer());
    try {
      await write(data);
    } catch (error) {
      if ((error as DOMException)?.name === 'QuotaExceededError') throw error;
      storesBlobs = false; // and this write again, as bytes
      await write(await data.arrayBuffer());
    }
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.pending = [];
    this.warn(storageFailure(this.row.key, error));
  }
}

/** The same warning for a key and kind of failure, whether saving or recovering met it. */
export function storageFailure(key: string, error: unknown): string {
  const reason = error instanceof Error || error instanceof DOMException ? `${error.name}: ${error.message}` : String(error);
  return `persist="${key}": the browser's storage failed (${reason}); recordings go on in memory only.`;
}

/** What a recovered recording was, beyond its `recover` event: the chunks as saved, and the upload they were going to. */
export interface Saved {
  raw: Blob;
  uploadUrl?: string;
}

/** One saved recording as a playable, seekable Blob: the container's duration fixed as at a stop. */
async function assemble(row: RecordingRow, chunks: Array<Blob | ArrayBuffer>, warn: Warn): Promise<[RecoverEventDetail, Saved]> {
  const { mimeType } = row;
  const raw = new Blob(chunks, { type: mimeType });
  const blob = await seekable(raw, row.recordedMs, warn);
  return [{ blob, mimeType, duration: row.recordedMs / 1000, startedAt: row.startedAt }, { raw, uploadUrl: row.uploadUrl }];
}

/**
 * Every recording saved under `key` that is not being made or recovered elsewhere, oldest first:
 * each is handed to `deliver`, then deleted. A recording with no chunk is deleted silently.
 */
export async function recover(key: string, warn: Warn, deliver: (detail: RecoverEventDetail, saved: Saved) => void): Promise<void> {
  for (const { id } of await listRecordings(key)) {
    await navigator.locks.request(lockName(id), { ifAvailable: true }, async (lock) => {
      if (!lock) return;
      // Read under the lock: another element may have recovered and deleted it in the meantime.
      const saved = await readRecording(id);
      if (!saved) return;
      if (saved.chunks.length > 0) deliver(...(await assemble(saved.row, saved.chunks, warn)));
      await deleteRecording(id);
    });
  }
}

/** Deletes what is saved under `key` (everything without one), except recordings still being made. */
export async function clear(key?: string, olderThan = Infinity): Promise<void> {
  for (const { id, startedAt, savedAt = startedAt } of await listRecordings(key)) {
    if (savedAt >= olderThan) continue;
    await navigator.locks.request(lockName(id), { ifAvailable: true }, (lock) => (lock ? deleteRecording(id) : undefined));
  }
}

/** Saved copies hold people's voices: one left unrecovered this long is deleted. */
const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/** Deletes the saved copies, under every key, last written more than 7 days before `now`. */
export const expire = (now = Date.now()) => clear(undefined, now - MAX_AGE_MS);
