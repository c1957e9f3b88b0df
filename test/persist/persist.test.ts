import { expect, fixture, html } from '@open-wc/testing';
import { MediaRecorderButton } from '../../src/index.js';
import { listRecordings, readRecording, transaction } from '../../src/persist/store.js';
import { decodedDuration, expectDecodedLength, ffprobe, inFirefox, inWebKit, nextEvent, playerView, sleep } from '../helpers.js';

let keys = 0;
/** A key of its own for each test, so that tests (and one-per-page warnings) do not meet. */
const newKey = () => `test-${Date.now()}-${keys++}`;

/** What is saved under `key`: each recording with its chunks, oldest first. */
async function saved(key: string) {
  const rows = await listRecordings(key);
  return Promise.all(rows.map(async (row) => ({ ...row, chunks: (await readRecording(row.id))?.chunks.length ?? 0 })));
}

async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 5000) {
  const end = performance.now() + ms;
  while (!(await condition())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const persisted = (key: string) =>
  fixture<MediaRecorderButton>(html`<media-recorder-button persist=${key} name="answer"></media-recorder-button>`);

/** Chunks of a real recording of about `ms`, as MediaRecorder gives them with a 500 ms timeslice. */
async function recordChunks(ms: number, format = '') {
  const el = await fixture<MediaRecorderButton>(html`<media-recorder-button timeslice="500" format=${format}></media-recorder-button>`);
  const chunks: Blob[] = [];
  el.addEventListener('dataavailable', (event) => chunks.push(event.detail.data));
  const started = nextEvent(el, 'start');
  await el.start();
  const { mimeType } = (await started).detail;
  await sleep(ms);
  const { detail } = await nextEventAfter(el, 'stop', () => el.stop());
  el.remove();
  return { chunks, mimeType, durationMs: detail.duration * 1000 };
}

function nextEventAfter<K extends 'stop'>(el: MediaRecorderButton, type: K, action: () => unknown) {
  const event = nextEvent(el, type);
  action();
  return event;
}

/** What a tab that crashed while recording leaves behind: a recording row and its chunks, nobody holding its lock. */
async function leaveBehind(
  key: string,
  recording: { chunks: Blob[]; mimeType: string; durationMs: number },
  startedAt: number,
  savedAt: number | null = Date.now(),
) {
  const id = `${key}-${startedAt}`;
  const bytes = await Promise.all(recording.chunks.map((chunk) => chunk.arrayBuffer()));
  await transaction('readwrite', ({ recordings, chunks }) => {
    bytes.forEach((data, seq) => chunks.put({ recording: id, seq, data }));
    recordings.put({ id, key, mimeType: recording.mimeType, startedAt, recordedMs: recording.durationMs, ...(savedAt !== null && { savedAt }) });
  });
  return id;
}

describe('persist', () => {
  let warnings: string[];
  let realWarn: typeof console.warn;

  beforeEach(() => {
    warnings = [];
    realWarn = console.warn;
    console.warn = (...args: unknown[]) => {
      warnings.push(args.join(' '));
      realWarn.apply(console, args);
    };
  });

  afterEach(async () => {
    console.warn = realWarn;
    await MediaRecorderButton.clearPersisted();
  });

  it('saves each chunk while recording (one per second by default) and leaves nothing once stop is dispatched', async () => {
    const key = newKey();
    const el = await persisted(key);
    const chunks: number[] = [];
    el.addEventListener('dataavailable', () => chunks.push(performance.now()));
    await el.start();
    await until(async () => (await saved(key))[0]?.chunks >= 2, 'two chunks saved');
    const [row] = await saved(key);
    expect(row.mimeType).to.match(/^audio\//);
    // Blobs cost the page no memory; WebKit's database refuses them in automated sessions, as in private windows.
    const [first] = (await readRecording((await listRecordings(key))[0].id))!.chunks;
    expect(first).to.be.instanceOf(inWebKit ? ArrayBuffer : Blob);
    // WebKit's recorder gives its first chunk early (a fragment of its own), the next a second later.
    expect(row.recordedMs).to.be.within(inWebKit ? 1000 : 1500, 3500);
    expect(chunks.length).to.be.within(2, 3); // a 1000 ms timeslice without one set
    const stopped = nextEvent(el, 'stop');
    await el.stop();
    expect((await stopped).detail.blob.size).to.be.greaterThan(0);
    await until(async () => (await listRecordings(key)).length === 0, 'the saved copy deleted');
    // And nothing of it anywhere in the database.
    const chunksLeft = await transaction('readonly', ({ chunks }) => new Promise<number>((r) => (chunks.count().onsuccess = (e) => r((e.target as IDBRequest<number>).result))));
    expect(chunksLeft).to.equal(0);
  });

  it('keeps its own timeslice when one is set', async () => {
    const key = newKey();
    const el = await fixture<MediaRecorderButton>(html`<media-recorder-button persist=${key} timeslice="300"></media-recorder-button>`);
    let chunks = 0;
    el.addEventListener('dataavailable', () => chunks++);
    await el.start();
    await sleep(1600);
    await el.stop();
    expect(chunks).to.be.at.least(3); // a 1000 ms timeslice would give 2
  });

  it('saves at most about once a second, joining the chunks of a small timeslice, with nothing left out', async () => {
    const key = newKey();
    const el = await fixture<MediaRecorderButton>(html`<media-recorder-button persist=${key} timeslice="100"></media-recorder-button>`);
    let chunks = 0;
    el.addEventListener('dataavailable', () => chunks++);
    await el.start();
    await sleep(2600);
    const [row] = await listRecordings(key);
    const saved = (await readRecording(row.id))!.chunks;
    // WebKit's recorder gives about a chunk a second whatever the timeslice: nothing to join there.
    expect(chunks).to.be.at.least(inWebKit ? 2 : 12);
    expect(saved.length).to.be.within(2, 4);
    // The rows in order make the recording so far, less what is waiting for the next write.
    // The length saved is the recorded time when the last chunk saved was handed over: on a busy machine
    // chunks come late (WebKit's a second apart at best), so the sound in them may be up to about a second less.
    const recorded = row.recordedMs / 1000;
    expect(await decodedDuration(new Blob(saved, { type: row.mimeType }))).to.be.within(recorded - 1, recorded + 0.35);
    expect(row.recordedMs).to.be.within(el.duration * 1000 - 1000, el.duration * 1000);
    await el.stop();
  });

  it('recovers what a crashed tab left behind, oldest first, playable and seekable, then deletes it', async () => {
    const key = newKey();
    const first = await recordChunks(2500);
    const second = await recordChunks(1200);
    await leaveBehind(key, second, Date.now() - 1000);
    await leaveBehind(key, first, Date.now() - 60_000);

    const container = document.createElement('form');
    document.body.append(container);
    const events: CustomEvent[] = [];
    const el = document.createElement('media-recorder-button');
    el.persist = key;
    el.name = 'answer';
    el.addEventListener('recover', (event) => events.push(event));
    const changes: CustomEvent[] = [];
    el.addEventListener('change', (event) => changes.push(event));
    container.append(el);
    await until(() => events.length === 2, 'two recover events');
    await until(() => changes.length === 1, 'a change event');

    const [older, newer] = events.map((event) => event.detail);
    expect(events[0].bubbles && events[0].composed).to.be.true;
    expect(older.duration).to.be.closeTo(first.durationMs / 1000, 0.01);
    expect(newer.duration).to.be.closeTo(second.durationMs / 1000, 0.01);
    expect(older.startedAt).to.be.lessThan(newer.startedAt);
    expect(older.mimeType).to.equal(first.mimeType);
    expect(older.blob.type).to.equal(first.mimeType);
    // Every chunk left behind, in order: the same sound as those chunks joined (WebKit's reach past the
    // stop point, to the end of the fragment that holds it, as a crashed tab's would).
    const joined = new Blob(first.chunks, { type: first.mimeType });
    // WebKit's raw chunks repeat a fragment's header where the recorder flushed (the element drops the
    // repeat); WebKit's own decoder refuses some such files, which ffprobe reads: then ffprobe's length.
    const decoded = await decodedDuration(joined).catch(() => null);
    const leftBehind = decoded ?? Number((await ffprobe(joined, 'left-behind.mp4')).format.duration);
    expect(await decodedDuration(older.blob)).to.be.closeTo(leftBehind, decoded === null ? 0.1 : 0.05);
    // Headless Firefox does not always finish seeking its own WebM, duration or not: there, the duration only.
    const seek = await playerView(older.blob, inFirefox ? undefined : 1.5);
    // Finite: the container's duration fixed. WebKit's chunks can hold up to a fragment more sound than the
    // recorded length; its player then gives either length, depending on how much of the file it has read.
    expect(seek.duration).to.be.within(older.duration - 0.3, Math.max(older.duration, leftBehind) + 0.3);
    if (!inFirefox) expect(seek.position).to.be.closeTo(1.5, 0.3);

    // The last one recovered is the element's recording and its form value, and is announced.
    expect(el.blob).to.be.instanceOf(File);
    expect(el.blob!.size).to.equal(newer.blob.size);
    expect(changes[0].detail.blob, 'change: the recording the element now holds').to.equal(el.blob);
    expect(changes[0].bubbles && changes[0].composed).to.be.true;
    const value = new FormData(container).get('answer') as File;
    expect(value.size).to.equal(newer.blob.size);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).to.match(/^Recovered a recording of 1 second/);
    // Held, and shown as held: its length in the readout.
    expect(el.matches(':state(recorded)')).to.be.true;
    expect(el.duration).to.be.closeTo(newer.duration, 0.01);
    expect(el.shadowRoot!.querySelector('[part=time]')!.textContent).to.equal('00:01');

    await until(async () => (await listRecordings(key)).length === 0, 'the saved copies deleted');
    container.remove();
  });

  it('recovers a WAV left behind with its header sizes set, decodable', async () => {
    const key = newKey();
    const left = await recordChunks(1200, 'wav');
    expect(left.mimeType).to.equal('audio/wav');
    await leaveBehind(key, left, Date.now() - 1000);
    const el = document.createElement('media-recorder-button');
    el.persist = key;
    const recovered = nextEvent(el, 'recover');
    document.body.append(el);
    try {
      const { blob } = (await recovered).detail;
      const view = new DataView(await blob.slice(0, 44).arrayBuffer());
      // Left behind, the sizes said "to the end of the file"; recovered, they are the file's.
      expect(view.getUint32(40, true)).to.equal(blob.size - 44);
      expect(view.getUint32(4, true)).to.equal(blob.size - 8);
      expect(await decodedDuration(blob)).to.be.closeTo(left.durationMs / 1000, 0.01);
    } finally {
      el.remove();
    }
  });

  it('with review, shows the recovered recording for review: play, its length, delete', async () => {
    const key = newKey();
    const left = await recordChunks(1800);
    await leaveBehind(key, left, Date.now() - 1000);
    const form = await fixture<HTMLFormElement>(html`<form><media-recorder-button persist=${key} review name="answer"></media-recorder-button></form>`);
    const el = form.querySelector('media-recorder-button')!;
    await until(() => el.blob !== null, 'the recovered recording');
    const waveform = () => el.shadowRoot!.querySelector('[part=waveform]')!;
    await until(() => waveform().getAttribute('role') === 'slider' && Number(waveform().getAttribute('aria-valuemax')) > 1, 'its review');
    expect(Number(waveform().getAttribute('aria-valuemax'))).to.be.closeTo(left.durationMs / 1000, 0.6);
    const play = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=play]')!;
    expect(getComputedStyle(play).visibility).to.equal('visible');
    expect(play.disabled).to.be.false;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=discard]')!.click();
    expect(el.blob).to.equal(null);
    expect(new FormData(form).has('answer')).to.be.false;
  });

  it('does not replace a recording the element already has', async () => {
    const key = newKey();
    await leaveBehind(key, await recordChunks(800), Date.now());
    const form = await fixture<HTMLFormElement>(html`<form><media-recorder-button name="answer"></media-recorder-button></form>`);
    const el = form.querySelector('media-recorder-button')!;
    await el.start();
    await sleep(500);
    const own = await el.stop();
    const recovered = nextEvent(el, 'recover');
    let changed = false;
    el.addEventListener('change', () => (changed = true));
    el.persist = key;
    await recovered;
    await sleep(50);
    expect(el.blob).to.equal(own);
    expect(changed, 'no change: the element keeps its recording').to.be.false;
    expect((new FormData(form).get('answer') as File).size, 'the form value is still its own').to.equal(own!.size);
  });

  it('recovers a saved recording once, with two elements on the same key', async () => {
    const key = newKey();
    await leaveBehind(key, await recordChunks(800), Date.now());
    const events: Event[] = [];
    const form = await fixture(html`
      <div @recover=${(event: Event) => events.push(event)}>
        <media-recorder-button persist=${key}></media-recorder-button>
        <media-recorder-button persist=${key}></media-recorder-button>
      </div>
    `);
    await until(() => events.length > 0, 'a recover event');
    await until(async () => (await listRecordings(key)).length === 0, 'the saved copy deleted');
    await sleep(300);
    expect(events).to.have.length(1);
    form.remove();
  });

  it('leaves alone a recording still being made under the same key, and recovers nothing from it', async () => {
    const key = newKey();
    const recording = await persisted(key);
    await recording.start();
    await until(async () => (await saved(key))[0]?.chunks >= 1, 'a chunk saved');
    let recovered = 0;
    const other = document.createElement('media-recorder-button');
    other.addEventListener('recover', () => recovered++);
    other.persist = key;
    document.body.append(other);
    await sleep(800);
    expect(recovered).to.equal(0);
    expect(await saved(key)).to.have.length(1);
    // Nor does clearing delete it.
    await MediaRecorderButton.clearPersisted(key);
    expect(await saved(key)).to.have.length(1);
    await recording.stop();
    await until(async () => (await listRecordings(key)).length === 0, 'the saved copy deleted');
    expect(recovered).to.equal(0);
    other.remove();
  });

  it('saves the chunks waiting to be saved when paused, so a crash during the pause loses none', async () => {
    const key = newKey();
    const el = await fixture<MediaRecorderButton>(html`<media-recorder-button persist=${key} timeslice="100"></media-recorder-button>`);
    let dispatched = 0;
    el.addEventListener('dataavailable', (event) => (dispatched += event.detail.data.size));
    await el.start();
    await until(async () => (await saved(key))[0]?.chunks >= 1, 'a first write');
    // A chunk that comes right after a write waits for the next one.
    await nextEvent(el, 'dataavailable');
    el.pause();
    const atPause = dispatched;
    const savedBytes = async () => {
      const [row] = await listRecordings(key);
      const chunks = row ? ((await readRecording(row.id))?.chunks ?? []) : [];
      return chunks.reduce((sum, chunk) => sum + (chunk instanceof Blob ? chunk.size : chunk.byteLength), 0);
    };
    await until(async () => (await savedBytes()) === atPause, `all ${atPause} bytes dispatched before the pause saved`);
    expect(dispatched, 'nothing dispatched while paused').to.equal(atPause);
    await el.stop();
  });

  it('applies a key set during a recording from the next recording, with one warning', async () => {
    const key = newKey();
    const el = await fixture<MediaRecorderButton>(html`<media-recorder-button timeslice="300"></media-recorder-button>`);
    await el.start();
    el.persist = key;
    await until(() => warnings.some((warning) => warning.includes(`persist="${key}" was set during a recording`)), 'the warning');
    await nextEvent(el, 'dataavailable');
    await nextEvent(el, 'dataavailable');
    await sleep(300);
    expect(await listRecordings(key), 'nothing saved of the recording going on').to.have.length(0);
    await el.stop();
    await el.start();
    await until(async () => (await saved(key))[0]?.chunks >= 1, 'the next recording saved');
    await el.stop();
    expect(warnings.filter((warning) => warning.includes('was set during a recording'))).to.have.length(1);
  });

  it('keeps the saved copy of a recording ended by pagehide, and deletes it if the page comes back', async () => {
    const key = newKey();
    const el = await persisted(key);
    await el.start();
    await until(async () => (await saved(key))[0]?.chunks >= 1, 'a chunk saved');
    const stopped = nextEvent(el, 'stop');
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    expect((await stopped).detail.reason).to.equal('disconnected');
    await sleep(500);
    expect(await saved(key)).to.have.length(1);
    // Back from the back/forward cache: the page has its recording, the copy goes.
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await until(async () => (await listRecordings(key)).length === 0, 'the saved copy deleted');
  });

  it('deletes, under any key, a copy left unrecovered for 7 days once an element loads the saving code; a younger one is still recovered', async () => {
    const [old, young, other] = [newKey(), newKey(), newKey()];
    const chunks = await recordChunks(300);
    const day = 24 * 60 * 60 * 1000;
    await leaveBehind(old, chunks, Date.now() - 8 * day, Date.now() - 7 * day - 60_000);
    await leaveBehind(young, chunks, Date.now() - 8 * day, Date.now() - 7 * day + 60_000);
    // Rows saved before their last write was kept are as old as their start.
    await leaveBehind(old, chunks, Date.now() - 7 * day - 60_000, null);
    expect(await listRecordings(old)).to.have.length(2);
    await persisted(other);
    await until(async () => (await listRecordings(old)).length === 0, 'the old copies deleted');
    expect(await listRecordings(young)).to.have.length(1);
    const el = await fixture<MediaRecorderButton>(html`<media-recorder-button></media-recorder-button>`);
    const recovered = nextEvent(el, 'recover');
    el.persist = young;
    expect((await recovered).detail.blob.size).to.be.greaterThan(0);
  });

  it('clears what is saved under one key, or everything', async () => {
    const [a, b] = [newKey(), newKey()];
    const chunks = await recordChunks(300);
    await leaveBehind(a, chunks, 1);
    await leaveBehind(b, chunks, 2);
    await MediaRecorderButton.clearPersisted(a);
    expect(await listRecordings(a)).to.have.length(0);
    expect(await listRecordings(b)).to.have.length(1);
    await MediaRecorderButton.clearPersisted();
    expect(await listRecordings()).to.have.length(0);
  });

  describe('when saving fails', () => {
    const restores: Array<() => void> = [];
    afterEach(() => restores.splice(0).forEach((restore) => restore()));

    const replace = <T extends object, K extends keyof T>(target: T, name: K, value: T[K]) => {
      const original = target[name];
      target[name] = value;
      restores.push(() => (target[name] = original));
    };

    /** Records for 2.3 s at least, and on until `enough()` (the writes a test needs: a busy machine makes fewer chunks). */
    async function recordThrough(key: string, enough = () => true) {
      const el = await persisted(key);
      await el.start();
      await sleep(2300);
      await until(enough, 'the writes the test needs', 20000);
      const stopped = nextEvent(el, 'stop');
      await el.stop();
      return (await stopped).detail;
    }

    it('goes on in memory with one warning when the quota is exceeded mid-recording', async () => {
      const key = newKey();
      let puts = 0;
      const put = IDBObjectStore.prototype.put;
      // The second write fails as a full disk makes it fail.
      replace(IDBObjectStore.prototype, 'put', function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
        if (this.name === 'chunks' && ++puts === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      });
      const detail = await recordThrough(key, () => puts >= 2);
      expect(detail.reason).to.equal('user');
      // All of it, in memory.
      await expectDecodedLength(detail.blob, detail.duration);
      expect(puts).to.equal(2); // nothing more written after the failure
      const mine = warnings.filter((w) => w.includes(key));
      expect(mine).to.have.length(1);
      expect(mine[0]).to.match(/QuotaExceededError.*in memory/);
      await until(async () => (await listRecordings(key)).length === 0, 'the partial copy deleted');
    });

    it('goes on in memory with one warning when IndexedDB is blocked', async () => {
      const key = newKey();
      // Deleting the database makes the page let go of its connection, and open it again when next needed.
      await new Promise((resolve) => (indexedDB.deleteDatabase('media-recorder-button').onsuccess = resolve));
      replace(IDBFactory.prototype, 'open', () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      });
      const detail = await recordThrough(key);
      // All of it, in memory.
      await expectDecodedLength(detail.blob, detail.duration);
      expect(warnings.filter((w) => w.includes(key) && /SecurityError/.test(w))).to.have.length(1);
    });

    it('saves nothing, with one warning, where there are no Web Locks', async () => {
      const key = newKey();
      Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
      restores.push(() => delete (navigator as { locks?: LockManager }).locks);
      const el = await persisted(key);
      await el.start();
      await sleep(1200);
      const blob = await el.stop();
      expect(blob!.size).to.be.greaterThan(0);
      expect(await listRecordings(key)).to.have.length(0);
      expect(warnings.filter((w) => w.includes('Web Locks'))).to.have.length(1);
    });
  });
});
