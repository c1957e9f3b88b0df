/**
 * The package's IndexedDB database: one row per recording being saved, and its chunks in order.
 * A few promise helpers over the raw API; no dependency.
 */

export interface RecordingRow {
  id: string;
  /** The element's `persist` key. */
  key: string;
  mimeType: string;
  /** Ms since the epoch. */
  startedAt: number;
  /** Recorded ms (paused time excluded) at the end of the last chunk saved. */
  recordedMs: number;
  /** Ms since the epoch of the last write (absent in rows written before it was kept: `startedAt` then). */
  savedAt?: number;
  /** With `upload-url`: the tus upload the chunks are going to, so that a recovered recording finishes it. */
  uploadUrl?: string;
}

export interface ChunkRow {
  recording: string;
  seq: number;
  /** A Blob, or its bytes where the browser cannot store Blobs. */
  data: Blob | ArrayBuffer;
}

const DATABASE = 'media-recorder-button';
const RECORDINGS = 'recordings';
const CHUNKS = 'chunks';

let opening: Promise<IDBDatabase> | null = null;

/** The database, opened once per page. Rejects where IndexedDB is missing or blocked. */
export function openDatabase(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore(RECORDINGS, { keyPath: 'id' }).createIndex('key', 'key');
      db.createObjectStore(CHUNKS, { keyPath: ['recording', 'seq'] });
    };
    request.onsuccess = () => {
      const db = request.result;
      // Deleted or upgraded elsewhere (another tab, site data cleared): let go, and open again next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      db.onclose = () => (opening = null);
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new DOMException('The database is blocked by another tab.', 'InvalidStateError'));
  }).catch((error) => {
    opening = null;
    throw error;
  });
  return opening;
}

type Stores = { recordings: IDBObjectStore; chunks: IDBObjectStore };

/** Runs `body` in one transaction over both stores; resolves with its result once the transaction commits. */
export async function transaction<T>(mode: IDBTransactionMode, body: (stores: Stores) => T | Promise<T>): Promise<T> {
  const db = await openDatabase();
  const tx = db.transaction([RECORDINGS, CHUNKS], mode);
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
  });
  try {
    const result = await body({ recordings: tx.objectStore(RECORDINGS), chunks: tx.objectStore(CHUNKS) });
    await done;
    return result;
  } catch (error) {
    done.catch(() => {});
    if (!tx.error) tx.abort();
    throw error;
  }
}

/** The result of one request. */
export function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Every chunk of a recording, in order. */
export const chunkRange = (id: string) => IDBKeyRange.bound([id, 0], [id, Infinity]);

/** The recordings saved under `key` (all of them without one), oldest first. */
export async function listRecordings(key?: string): Promise<RecordingRow[]> {
  const rows = await transaction('readonly', ({ recordings }) =>
    result<RecordingRow[]>(key === undefined ? recordings.getAll() : recordings.index('key').getAll(key)),
  );
  return rows.sort((a, b) => a.startedAt - b.startedAt);
}

/** A recording and its chunks in order, or `null` when it is no longer saved. */
export function readRecording(id: string): Promise<{ row: RecordingRow; chunks: Array<Blob | ArrayBuffer> } | null> {
  return transaction('readonly', async ({ recordings, chunks }) => {
    const [row, rows] = await Promise.all([
      result<RecordingRow | undefined>(recordings.get(id)),
      result<ChunkRow[]>(chunks.getAll(chunkRange(id))),
    ]);
    return row ? { row, chunks: rows.map((chunk) => chunk.data) } : null;
  });
}

export function deleteRecording(id: string): Promise<void> {
  return transaction('readwrite', ({ recordings, chunks }) => {
    recordings.delete(id);
    chunks.delete(chunkRange(id));
  });
}
