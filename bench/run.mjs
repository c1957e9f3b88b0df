#!/usr/bin/env node
// npm run bench [-- --quick] [-- --json] [-- --only <parts>]
//
// Measures media-recorder-button side by side with what people install instead, in one run on
// this machine: shipped size, waveform cost per frame, latency, growth, idle cost, endurance,
// what `persist` costs (disk per minute, main-thread time per chunk, recovery time), and what
// `review` costs (main-thread time to show a 1- and a 30-minute recording, memory kept after delete),
// what each `format` costs the main thread per second of sound, and what listening to the microphone
// costs (main and audio thread) and how much sound a change of microphone loses.
// Progress goes to stderr; the table (or, with --json, the JSON) to stdout.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const argv = process.argv.slice(2);
const args = new Set(argv);
const quick = args.has('--quick');
const json = args.has('--json');
/** The parts `--only` can pick: `recording` is latency, growth, endurance and persist (one page runs them in turn). */
const parts = ['size', 'waveform', 'idle', 'recording', 'review', 'formats', 'listening', 'upload'];
const only = args.has('--only') ? (argv[argv.indexOf('--only') + 1] ?? '').split(',').filter(Boolean) : null;
if (args.has('--help') || (only && (!only.length || only.some((part) => !parts.includes(part))))) {
  console.log(
    `Usage: npm run bench [-- --quick] [-- --json] [-- --only <parts>]\n  --quick  shorter recordings and fewer frames, for development\n  --json   print JSON instead of the table\n  --only   run only these parts, comma-separated: ${parts.join(', ')}`,
  );
  process.exit(args.has('--help') ? 0 : 1);
}
/** Whether this run measures `part`. */
const runs = (part) => !only || only.includes(part);

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const log = (message) => process.stderr.write(`${message}\n`);

if (!existsSync(new URL('node_modules/esbuild', import.meta.url)) || !existsSync(new URL('node_modules/puppeteer-core', import.meta.url))) {
  log('bench: installing the bench dependencies (npm ci --prefix bench)…');
  execFileSync('npm', ['ci', '--prefix', benchDir, '--no-audit', '--no-fund'], { stdio: ['ignore', process.stderr, 'inherit'] });
}

const { measureSizes } = await import('./lib/sizes.mjs');
const { startServer, instrumentSource } = await import('./lib/server.mjs');
const browserLib = await import('./lib/browser.mjs');
const { findChrome, launch, openPage, sleep, heapAfterGc, memoryAfterGc, sampleAllocations, traceMainThread, traceMainThreadBetween, mainThreadMetrics } = browserLib;

/** How long each part runs. The full run is the one quoted in the documentation. */
const plan = quick
  ? { frames: 120, idleMs: 2000, idleRepeats: 1, shortS: 2, longS: 6, growthRepeats: 3, firstStarts: 2, persistS: 10, spoolS: 8, reviews: 1, reviewTakes: 2, formatS: 5, formatRuns: 1, listeningS: 5, listeningRuns: 1 }
  : { frames: 360, idleMs: 5000, idleRepeats: 2, shortS: 5, longS: 60, growthRepeats: 5, firstStarts: 5, persistS: 20, spoolS: 30, reviews: 3, reviewTakes: 5, formatS: 20, formatRuns: 3, listeningS: 20, listeningRuns: 5 };
const timeslice = 100;
/** What a page should load up front for the idle element, Lit included, gzipped. */
const UP_FRONT_GOAL = 10_000;
/** Main-thread time to show a 30-minute recording for review, in ms. */
const REVIEW_GOAL_MS = 50;

// --- figures ------------------------------------------------------------------------------

const sorted = (values) => [...values].sort((a, b) => a - b);
const quantile = (values, q) => {
  const s = sorted(values);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] : NaN;
};
const median = (values) => quantile(values, 0.5);
const p95 = (values) => quantile(values, 0.95);
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (value, digits = 1) => (Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a');
const bytes = (value) => (Math.abs(value) >= 1000 ? kB(value) : `${Math.round(value)} B`);

const rows = [];
const results = { quick, only, plan };
const row = (section, measure, subject, figure) => rows.push({ section, measure, subject, figure });

/**
 * Where the main thread's time went while a recording was shown for review, from the traced tasks
 * (traceMainThreadBetween), by what each task runs: reading the Blob into an ArrayBuffer (the
 * FileReader loader's data pipe); the task that hands the decoder's output to the page (Blink
 * turning the decoded sound into an AudioBuffer), less the script it runs after it, which is the
 * review code's (levelsOf, drawing, the element's update); everything else (the hand-over itself,
 * frames, the `<audio>` element loading the recording's metadata).
 */
function reviewTimeSplit(tasks) {
  const split = { reading: 0, audioBuffer: 0, script: 0, other: 0 };
  for (const { ms, inside } of tasks) {
    const posted = inside.find((e) => e.name === 'ThreadControllerImpl::RunTask')?.args?.src_func;
    const watched = inside.map((e) => e.args?.chrome_mojo_event_info?.watcher_notify_interface_tag).find(Boolean) ?? '';
    if (/file_reader_loader|BlobReaderClient/.test(watched)) split.reading += ms;
    else if (posted === 'DecodeOnBackgroundThread') {
      const script = inside.filter((e) => e.name === 'RunMicrotasks').reduce((total, e) => total + e.dur / 1000, 0);
      split.script += script;
      split.audioBuffer += ms - script;
    } else split.other += ms;
  }
  return split;
}

// --- run ----------------------------------------------------------------------------------

const started = performance.now();
log(`bench: ${quick ? 'quick' : 'full'} run`);

if (runs('size')) {
  log('bench: sizes');
  results.sizes = await measureSizes();
  const sizes = (s) => `${kB(s.minified)} / ${kB(s.gzip)} / ${kB(s.brotli)}`;
  const S = '1 Size';
  for (const size of results.sizes.rows) {
    const later = size.whenNeeded.gzip ? ` (+ ${kB(size.whenNeeded.gzip)} gzip when needed)` : '';
    const goal = size.recordingPage ? `; goal ${kB(UP_FRONT_GOAL)} gzip: ${size.gzip <= UP_FRONT_GOAL ? 'met' : 'NOT met'}` : '';
    row(S, 'up front: minified / gzip -9 / brotli', size.name, `${sizes(size)}${later}${goal}`);
    if (size.recordingPage) row(S, 'a page that records: up front + recording code + WebM fix', size.name, sizes(size.recordingPage));
  }
  for (const file of results.sizes.noBuildBundle) {
    const when = file.file === 'media-recorder-button.bundle.js' ? 'up front' : 'when needed';
    row(S, `no-build bundle, ${when}: minified / gzip -9 / brotli`, file.file, sizes(file));
  }
}

const inBrowser = parts.some((part) => part !== 'size' && runs(part));
const chromePath = inBrowser ? findChrome() : null;
if (inBrowser && !chromePath) {
  log('bench: no Chromium or Chrome found; set CHROME_PATH. Only sizes were measured.');
}
const server = chromePath ? await startServer() : null;
const browser = chromePath ? await launch(chromePath) : null;
const instrument = await instrumentSource();

async function withPage(name, body) {
  const { page, cdp } = await openPage(browser, server.url(name), instrument);
  page.on('pageerror', (error) => log(`bench: page error on ${name}: ${error.message}`));
  try {
    return await body(page, cdp);
  } finally {
    await page.close();
  }
}

/** Whether the page fetched any file of the recording code (its resource timing entries). */
const recordingCodeLoaded = async (page) => (await page.evaluate(() => bench.scriptsLoaded())).some((file) => server.recordingFiles.includes(file));

const resetStats = (page, timing) =>
  page.evaluate((timing) => {
    __benchStats.reset();
    __benchStats.timing = timing;
  }, timing);
const readStats = (page) =>
  page.evaluate(() => {
    __benchStats.timing = false;
    const { requests, runs, frameCallbackMs, frameRequestMs, intervalCallbackMs } = __benchStats;
    return { requests: { ...requests }, runs: { ...runs }, frameCallbackMs, frameRequestMs, intervalCallbackMs };
  });

/** Draws the fake microphone for `plan.frames` frames: time per frame, then heap per frame. */
async function waveform(name, drawingFunctions, attributes = {}) {
  return withPage(name, async (page, cdp) => {
    const framesRequested = () => page.evaluate(() => __benchStats.requests.animationFrame);
    const allocationsPerFrame = async (windowMs) => {
      const before = await framesRequested();
      const heap = await sampleAllocations(cdp, () => sleep(windowMs), drawingFunctions);
      const frames = (await framesRequested()) - before;
      return { frames, total: heap.total / frames, callback: heap.inside.callback / frames, drawing: heap.inside.drawing / frames };
    };
    await page.evaluate((attributes) => bench.startRecording(attributes), attributes);
    // The first second of the first recording runs before the JIT has optimized the drawing code.
    const warmUp = await allocationsPerFrame(1000);
    await sleep(1000);
    // Long enough for plan.frames even when the machine holds the frame rate below 60 fps.
    const windowMs = (plan.frames / 50) * 1000 + 500;
    await resetStats(page, true);
    const trace = await traceMainThread(page, () => sleep(windowMs));
    const stats = await readStats(page);
    await sleep(200);
    const steady = await allocationsPerFrame(windowMs);
    await page.evaluate(() => {
      __benchStats.reset();
      __benchStats.heap = true;
    });
    await sleep(windowMs);
    const frameCallbackBytes = await page.evaluate(() => {
      __benchStats.heap = false;
      return __benchStats.frameCallbackBytes;
    });
    await page.evaluate(() => bench.stopRecording());
    return {
      frames: trace.frames,
      fps: trace.fps,
      mainThreadPerFrameMs: { median: median(trace.perFrameMs), p95: p95(trace.perFrameMs) },
      frameCallbackMs: { count: stats.frameCallbackMs.length, median: median(stats.frameCallbackMs), p95: p95(stats.frameCallbackMs) },
      frameRequestMs: { median: median(stats.frameRequestMs), p95: p95(stats.frameRequestMs) },
      // The callback without the browser's part (asking for the next frame): what the drawing costs.
      drawingMs: {
        median: median(stats.frameCallbackMs.map((total, i) => total - stats.frameRequestMs[i])),
        p95: p95(stats.frameCallbackMs.map((total, i) => total - stats.frameRequestMs[i])),
      },
      intervalCallbackMs: { count: stats.intervalCallbackMs.length, median: median(stats.intervalCallbackMs), p95: p95(stats.intervalCallbackMs) },
      allocatedPerFrame: { warmUp, steady },
      frameCallbackBytes,
    };
  });
}

if (browser) {
  try {
    results.browser = await browser.version();

    if (runs('waveform')) {
      log('bench: waveform cost per frame');
      const looks = {
        bars: await waveform('element', { callback: ['tick'], drawing: ['drawBars'] }),
        line: await waveform('element', { callback: ['tick'], drawing: ['drawWaveform'] }, { waveform: 'line' }),
      };
      const theirs = await waveform('wavesurfer', {});
      results.waveform = { ours: looks, wavesurfer: theirs };
      const W = '2 Waveform, 300×64 CSS px at DPR 2';
      for (const [look, ours] of Object.entries(looks)) {
        const subject = `media-recorder-button, waveform="${look}"`;
        row(W, 'frames measured (frame rate)', subject, `${ours.frames} (${ours.fps.toFixed(0)} fps)`);
        row(
          W,
          'drawing (the frame callback less asking for the next frame), median / p95',
          `${subject} (${ours.frameCallbackMs.count} animation frames; goal ≤ 0.1 / 0.3 ms)`,
          `${ms(ours.drawingMs.median, 3)} / ${ms(ours.drawingMs.p95, 3)}`,
        );
        row(
          W,
          'whole frame callback / of which asking for the next frame, median',
          subject,
          `${ms(ours.frameCallbackMs.median, 3)} / ${ms(ours.frameRequestMs.median, 3)} (p95 ${ms(ours.frameCallbackMs.p95, 3)} / ${ms(ours.frameRequestMs.p95, 3)})`,
        );
        row(W, 'main thread per frame, median / p95', subject, `${ms(ours.mainThreadPerFrameMs.median, 3)} / ${ms(ours.mainThreadPerFrameMs.p95, 3)}`);
        const heapRow = (what, pick) =>
          row(W, `JS heap allocated per frame, ${what}`, subject, `${bytes(pick(ours.allocatedPerFrame.steady))} (first second: ${bytes(pick(ours.allocatedPerFrame.warmUp))})`);
        heapRow(look === 'bars' ? 'drawBars' : 'drawWaveform', (a) => a.drawing);
        heapRow('animation-frame callback', (a) => a.callback);
        const each = ours.frameCallbackBytes;
        const allocating = each.filter((b) => b > 0);
        row(
          W,
          'JS heap allocated by each animation-frame callback',
          `${subject} (goal: 0 B)`,
          `0 B in ${each.length - allocating.length} of ${each.length} frames${allocating.length ? `; the other ${allocating.length}: ${bytes(median(allocating))} median` : ''}`,
        );
        heapRow('whole page', (a) => a.total);
      }
      row(W, 'frames measured (frame rate)', 'wavesurfer.js Record', `${theirs.frames} (${theirs.fps.toFixed(0)} fps)`);
      row(
        W,
        'analyser callback, median / p95',
        `wavesurfer.js Record (${(theirs.intervalCallbackMs.count / (theirs.frames || 1)).toFixed(1)} per frame, 10 ms timer)`,
        `${ms(theirs.intervalCallbackMs.median, 3)} / ${ms(theirs.intervalCallbackMs.p95, 3)}`,
      );
      row(W, 'main thread per frame, median / p95', 'wavesurfer.js Record', `${ms(theirs.mainThreadPerFrameMs.median, 3)} / ${ms(theirs.mainThreadPerFrameMs.p95, 3)}`);
      row(
        W,
        'JS heap allocated per frame, whole page',
        'wavesurfer.js Record',
        `${bytes(theirs.allocatedPerFrame.steady.total)} (first second: ${bytes(theirs.allocatedPerFrame.warmUp.total)})`,
      );
    }

    if (runs('idle')) {
      log('bench: idle cost');
      const idle = { empty: [], idle: [] };
      const measureIdle = (name, count) =>
        withPage(name, async (page) => {
          if (count) await page.evaluate((count) => bench.addIdle(count), count);
          await sleep(1000);
          const cdp = await page.createCDPSession();
          await resetStats(page, false);
          const before = await mainThreadMetrics(cdp);
          await sleep(plan.idleMs);
          const after = await mainThreadMetrics(cdp);
          const stats = await readStats(page);
          const elements = await page.evaluate(() => document.querySelectorAll('media-recorder-button').length);
          const loaded = count ? await recordingCodeLoaded(page) : false;
          return { elements, recordingCodeLoaded: loaded, requests: stats.requests, runs: stats.runs, taskMs: (after.task - before.task) * 1000, scriptMs: (after.script - before.script) * 1000 };
        });
      for (let i = 0; i < plan.idleRepeats; i++) {
        idle.empty.push(await measureIdle('empty', 0));
        idle.idle.push(await measureIdle('element', 100));
      }
      results.idle = idle;
      const I = `5 Idle, ${plan.idleMs / 1000} s`;
      const last = idle.idle.at(-1);
      row(
        I,
        'animation frames requested / timer callbacks run',
        `${last.elements} idle elements`,
        idle.idle.map((r) => `${r.requests.animationFrame} / ${r.runs.timeout + r.runs.interval}`).join(', '),
      );
      row(I, 'recording code loaded', `${last.elements} idle elements`, idle.idle.map((r) => (r.recordingCodeLoaded ? 'yes' : 'no')).join(', '));
      row(I, 'main-thread task time (each run)', 'empty page', idle.empty.map((r) => ms(r.taskMs)).join(', '));
      row(I, 'main-thread task time (each run)', `${last.elements} idle elements`, idle.idle.map((r) => ms(r.taskMs)).join(', '));
    }

    if (runs('recording')) {
      log('bench: first start on a fresh page, with and without the recording code preloaded');
      const L = '3 Latency';
      const firstStart = async (preload) =>
        withPage('element', async (page) => {
          const loadedBefore = await recordingCodeLoaded(page);
          const startMs = await page.evaluate((preload) => bench.startRecording({}, false, preload), preload);
          await page.evaluate(() => bench.stopRecording());
          return { startMs, loadedBefore };
        });
      results.firstStart = { preloaded: [], cold: [] };
      for (let i = 0; i < plan.firstStarts; i++) {
        results.firstStart.preloaded.push(await firstStart(true));
        results.firstStart.cold.push(await firstStart(false));
      }
      const startFigure = (runs) => {
        const times = runs.map((r) => r.startMs);
        return `${ms(median(times))} (${ms(Math.min(...times))} to ${ms(Math.max(...times))})`;
      };
      const notCold = results.firstStart.cold.some((r) => r.loadedBefore) ? ', but the code WAS loaded before' : '';
      row(L, 'record request → start, median (range)', `fresh page, recording code preloaded on intent (${plan.firstStarts} pages)`, startFigure(results.firstStart.preloaded));
      row(
        L,
        'record request → start, median (range)',
        `cold start, nothing preloaded (${plan.firstStarts} pages)${notCold}`,
        startFigure(results.firstStart.cold),
      );

      log(`bench: latency and endurance (${plan.shortS} s and ${plan.longS} s recordings)`);
      results.recordings = [];
      await withPage('element', async (page, cdp) => {
        const record = async (seconds, slice, keepChunks = false) => {
          const attributes = slice ? { timeslice: String(slice) } : {};
          const startMs = await page.evaluate((attributes, keep) => bench.startRecording(attributes, keep), attributes, keepChunks);
          const heapBefore = await heapAfterGc(cdp);
          await sleep(seconds * 1000);
          const stop = await page.evaluate(() => bench.stopRecording());
          const heapAfter = await heapAfterGc(cdp);
          const result = { seconds, timeslice: slice ?? null, startMs, ...stop, heapBefore, heapAfter };
          results.recordings.push(result);
          const label = `${seconds} s, ${slice ? `timeslice ${slice}` : 'no timeslice'}`;
          row(L, 'record request → start (code preloaded on intent)', label, ms(startMs));
          row(L, 'stop request → stop (final Blob)', label, `${ms(stop.ms)}; ${kB(stop.size)}, ${stop.seekable ? `seekable, ${stop.playerDuration.toFixed(2)} s` : 'NOT seekable'}`);
          return result;
        };
        await record(plan.shortS, undefined);
        const short = await record(plan.shortS, timeslice, true); // its chunks are the model of the synthetic recordings

        log('bench: growth of finalizing');
        results.growth = [];
        for (const seconds of [10, 60, 600]) {
          const growth = await page.evaluate((seconds, repeats) => bench.finalizeSynthetic(seconds, repeats), seconds, plan.growthRepeats);
          results.growth.push({ seconds, ...growth });
          row(
            '4 Growth of finalizing',
            'finalize median (max) / JS heap; joining chunks while recording',
            `${seconds >= 60 ? `${seconds / 60} min` : `${seconds} s`}: ${kB(growth.size)} in ${growth.chunks} chunks${growth.fixed ? '' : ', NOT patched'}`,
            `${ms(median(growth.times), 2)} (${ms(Math.max(...growth.times), 2)}) / ${bytes(median(growth.allocated))}; ${ms(median(growth.collecting), 1)}`,
          );
        }

        await record(plan.longS, undefined);
        const endurance = await record(plan.longS, timeslice);
        const E = `6 Endurance, ${plan.longS} s at timeslice ${timeslice}`;
        row(E, 'JS heap before / after (after GC)', 'media-recorder-button', `${kB(endurance.heapBefore)} / ${kB(endurance.heapAfter)}`);
        row(
          E,
          'JS heap after − before',
          `${plan.longS} s vs ${plan.shortS} s at timeslice ${timeslice}`,
          `${bytes(endurance.heapAfter - endurance.heapBefore)} vs ${bytes(short.heapAfter - short.heapBefore)}`,
        );
        row(E, 'chunks (dataavailable events)', 'media-recorder-button', `${endurance.chunks}, one every ${ms(endurance.chunkIntervalMs, 0)} on average`);
        row(E, 'live tracks after stop', 'media-recorder-button', String(endurance.liveTracks));

        log('bench: persist');
        const P = '7 Persist (IndexedDB)';
        results.persist = {};
        // A real recording with persist (a chunk a second): what it costs on disk.
        const key = 'bench-real';
        const usageBefore = await page.evaluate(() => bench.storageUsage());
        await page.evaluate((key) => bench.startRecording({ persist: key }), key);
        await sleep(plan.persistS * 1000);
        const saved = await page.evaluate((key) => bench.persistSaved(key), key);
        const usageDuring = await page.evaluate(() => bench.storageUsage());
        await page.evaluate(() => bench.stopRecording());
        await sleep(500);
        const left = await page.evaluate((key) => bench.persistSaved(key), key);
        results.persist.real = { saved, usageBefore, usageDuring, left };
        const perMinute = (value) => (value / saved.recordedMs) * 60_000;
        row(P, 'stored per minute: chunk bytes / storage counted by the browser', `${plan.persistS} s recording, timeslice 1000 (default)`, `${kB(perMinute(saved.bytes))} / ${kB(perMinute(usageDuring - usageBefore))}`);
        row(P, 'saved recordings left after stop', `${plan.persistS} s recording`, String(left.recordings));

        // Chunks of a second, one a second, each saved: main-thread time against the same loop saving nothing.
        const spoolRun = async (seconds, paceMs, spooling) => {
          const before = await mainThreadMetrics(cdp);
          const result = await page.evaluate((seconds, paceMs, spooling) => bench.persistSpool(seconds, 1000, paceMs, spooling), seconds, paceMs, spooling);
          const after = await mainThreadMetrics(cdp);
          return { ...result, taskMs: (after.task - before.task) * 1000 };
        };
        const baseline = await spoolRun(plan.spoolS, 1000, false);
        const spooled = await spoolRun(plan.spoolS, 1000, true);
        const paced = `${spooled.chunks} chunks of 1 s, one a second`;
        const perChunk = spooled.addMs.map((add, i) => add + (spooled.writeMs[i] ?? 0));
        row(P, 'main thread per chunk: event path + write, median / p95', paced, `${ms(median(perChunk), 3)} / ${ms(p95(perChunk), 3)} (${spooled.writeMs.length} writes)`);
        row(P, 'extra main-thread task time per chunk, mean (all tasks, vs not saving)', paced, ms((spooled.taskMs - baseline.taskMs) / spooled.chunks, 3));
        // 10 minutes' worth spooled as fast as it goes: the JS heap holds no copy of what is saved.
        const long = await spoolRun(600, 10, true);
        results.persist.spool = { baseline, spooled, long };
        row(P, 'JS heap before / after spooling (after GC)', '10 min at timeslice 1000: 600 chunks', `${kB(long.heapBefore)} / ${kB(long.heapAfter)}; ${kB(long.storedBytes)} saved`);

        for (const [seconds, slice] of [[60, 1000], [600, 1000], [600, 100]]) {
          const recovered = await page.evaluate((seconds, slice, repeats) => bench.persistRecover(seconds, slice, repeats), seconds, slice, plan.growthRepeats);
          results.persist[`recover${seconds}x${slice}`] = recovered;
          row(
            P,
            'recovery to the recover Blob, median (max) / reading alone',
            `${seconds / 60} min at timeslice ${slice}: ${recovered.chunks} chunks in ${recovered.rows} rows${recovered.seekable ? '' : ', NOT seekable'}`,
            `${ms(median(recovered.times))} (${ms(Math.max(...recovered.times))}) / ${ms(median(recovered.reading))}`,
          );
        }
      });
    }

    if (runs('review')) {
      log('bench: review (1-minute recordings, and 30 minutes made of them with ffmpeg)');
      const R = '8 Review';
      results.review = [];
      const folder = await mkdtemp(join(os.tmpdir(), 'mrb-review-'));
      try {
        // What the element holds after a minute of recording: Chromium's WebM/Opus of the fake
        // microphone (48 kHz mono, 60 ms frames), duration written; at Chromium's default bit rate
        // (128 kbit/s) and with audio-bits-per-second="32000", both recorded at once on two pages.
        const minutes = [
          { file: 'minute.webm', attributes: {} },
          { file: 'minute-32k.webm', attributes: { 'audio-bits-per-second': '32000' } },
        ];
        await Promise.all(
          minutes.map(({ file, attributes }) =>
            withPage('element', async (page) => {
              await page.evaluate((attributes) => bench.startRecording(attributes), attributes);
              await sleep(60_000);
              await page.evaluate(() => bench.stopRecording());
              await writeFile(join(folder, file), Buffer.from(await page.evaluate(() => bench.heldRecording()), 'base64'));
            }),
          ),
        );
        const takes = [{ name: '1 min', file: 'minute.webm', goal: false }];
        // Thirty minutes cannot be recorded in a bench: ffmpeg loops each minute to 30:00, copying
        // Chromium's own Opus packets (no encoding) into a WebM of its making.
        const made = [
          { name: '30 min', file: 'half-hour.webm', minute: 'minute.webm' },
          { name: '30 min at 32 kbit/s', file: 'half-hour-32k.webm', minute: 'minute-32k.webm' },
        ];
        for (const { name, file, minute } of made) {
          const loop = ['-hide_banner', '-loglevel', 'error', '-stream_loop', '-1', '-i', join(folder, minute), '-t', '1800', '-c', 'copy', '-f', 'webm'];
          const done = await promisify(execFile)('ffmpeg', [...loop, join(folder, file)]).then(
            () => true,
            (error) => (error.code === 'ENOENT' ? false : Promise.reject(error)),
          );
          takes.push({ name, file, goal: true, skipped: !done });
        }

        /**
         * On a fresh page, an element with `review` is handed the recording and shows it (traced), then
         * the user deletes it: JS heap and ArrayBuffers after GC before, once shown, after the delete;
         * whether the object URL still fetches. With `more`, that many takes again on the same element,
         * untraced, for the memory each keeps.
         */
        const review = (path, more = 0) =>
          withPage('element', async (page, cdp) => {
            const size = await page.evaluate((path) => bench.prepareReview(path), path);
            const before = await memoryAfterGc(cdp);
            const { result, busyMs, tasks } = await traceMainThreadBetween(page, () => page.evaluate(() => bench.showReview()), 'review-start', 'review-drawn');
            if (result.timedOut) return { size, timedOut: result };
            const shown = await memoryAfterGc(cdp);
            const deleted = await page.evaluate(() => bench.discardReview());
            const after = await memoryAfterGc(cdp);
            const urlFetches = await page.evaluate(() => bench.reviewedUrlFetches());
            const kept = [{ heap: after.heap - before.heap, arrayBuffers: after.arrayBuffers - before.arrayBuffers }];
            for (let i = 0; i < more; i++) {
              await page.evaluate((path) => bench.prepareReview(path, true), path);
              const again = await memoryAfterGc(cdp);
              const shownAgain = await page.evaluate(() => bench.showReview());
              if (shownAgain.timedOut) return { size, timedOut: shownAgain };
              await page.evaluate(() => bench.discardReview());
              const afterAgain = await memoryAfterGc(cdp);
              kept.push({ heap: afterAgain.heap - again.heap, arrayBuffers: afterAgain.arrayBuffers - again.arrayBuffers });
            }
            const longestMs = Math.max(0, ...tasks.map((task) => task.ms));
            return { size, ...result, busyMs, longestMs, split: reviewTimeSplit(tasks), tasks: tasks.length, memory: { before, shown, after }, kept, deleted, urlFetches };
          });

        for (const take of takes) {
          if (take.skipped) {
            row(R, 'main thread, hand-over → waveform drawn', take.name, 'skipped: needs ffmpeg on the PATH');
            results.review.push(take);
            continue;
          }
          const path = server.addFile(take.file, join(folder, take.file), 'audio/webm');
          const pages = [];
          for (let i = 0; i < plan.reviews; i++) pages.push(await review(path, i === 0 ? plan.reviewTakes - 1 : 0));
          const steps = await withPage('element', (page) => page.evaluate((path) => bench.reviewSteps(path), path));
          results.review.push({ ...take, pages, steps });
          const timedOut = pages.filter((p) => p.timedOut);
          const shown = pages.filter((p) => !p.timedOut);
          const subject = `${take.name}: ${kB(pages[0].size)} WebM/Opus, ${shown[0]?.seconds.toFixed(1) ?? '?'} s decoded`;
          if (timedOut.length) row(R, 'review NOT shown within 60 s', subject, `${timedOut.length} of ${pages.length} pages: ${JSON.stringify(timedOut[0].timedOut)}`);
          if (!shown.length) continue;
          const range = (values, digits = 1) => `${ms(median(values), digits)} (${ms(Math.min(...values), digits)} to ${ms(Math.max(...values), digits)})`;
          const busy = shown.map((p) => p.busyMs);
          const goal = take.goal ? `; goal ${REVIEW_GOAL_MS} ms: ${median(busy) <= REVIEW_GOAL_MS ? 'met' : 'NOT met'}` : '';
          row(R, 'main thread, hand-over → waveform drawn, median (range)', `${subject} (${shown.length} ${shown.length === 1 ? 'page' : 'pages'})`, `${range(busy)}${goal}`);
          row(R, 'longest main-thread task in it, median (max); a long task is 50 ms', take.name, `${ms(median(shown.map((p) => p.longestMs)))} (${ms(Math.max(...shown.map((p) => p.longestMs)))})`);
          const part = (key) => ms(median(shown.map((p) => p.split[key])));
          row(
            R,
            'of it, median: reading the Blob / decoded sound to AudioBuffer / review script after decoding / other',
            take.name,
            `${part('reading')} / ${part('audioBuffer')} / ${part('script')} / ${part('other')}`,
          );
          row(
            R,
            'timed apart: blob.arrayBuffer() / decodeAudioData (wall clock) / levelsOf / drawPeaks',
            `${take.name}: ${steps.samples} samples at ${steps.sampleRate / 1000} kHz`,
            `${ms(steps.readMs)} / ${ms(steps.decodeMs, 0)} / ${ms(steps.levelsMs)} / ${ms(steps.drawMs)}`,
          );
          row(R, 'wall clock, hand-over → waveform drawn, median (range) (information)', take.name, range(shown.map((p) => p.ms), 0));
          const first = shown[0];
          const memory = (m) => `${kB(m.heap)} / ${kB(m.arrayBuffers)}`;
          row(
            R,
            'JS heap / ArrayBuffers after GC: before hand-over; review shown; after delete',
            `${take.name}, first page`,
            `${memory(first.memory.before)}; ${memory(first.memory.shown)}; ${memory(first.memory.after)}`,
          );
          const signed = (value) => `${value > 0 ? '+' : ''}${bytes(value)}`;
          row(
            R,
            'kept after delete (after − before), JS heap / ArrayBuffers, each take on one element',
            `${take.name} (goal: none)`,
            first.kept.map((k, i) => `${i + 1}: ${signed(k.heap)} / ${signed(k.arrayBuffers)}`).join(', '),
          );
          const revoked = shown.filter((p) => p.urlFetches === false).length;
          const letGo = shown.every((p) => p.deleted.blobLetGo && p.deleted.sliderGone);
          row(R, 'object URL after delete (fetch fails: revoked)', take.name, `revoked in ${revoked} of ${shown.length} pages; recording let go: ${letGo ? 'yes' : 'NO'}`);
        }
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    }

    if (runs('formats')) {
      log('bench: formats');
      const F = '9 Formats';
      results.formats = [];
      await withPage('element', async (page, cdp) => {
        /**
         * Main-thread task time of recording `plan.formatS` seconds in `format` (a chunk a second, no
         * waveform), from the request to the `stop` event, and the seconds of sound it holds.
         */
        const recordIn = async (format, sampleRate) => {
          const attributes = { waveform: 'none', timeslice: '1000', ...(format && { format }), ...(sampleRate && { 'sample-rate': String(sampleRate) }) };
          await page.evaluate((attributes) => bench.startRecording(attributes), attributes);
          await sleep(1000); // the format's code loaded and running: what is measured is the steady cost
          const before = await mainThreadMetrics(cdp);
          await sleep(plan.formatS * 1000);
          const stop = await page.evaluate(() => bench.stopRecording());
          const after = await mainThreadMetrics(cdp);
          return { taskMs: (after.task - before.task) * 1000, seconds: stop.duration, size: stop.size };
        };
        const subjects = [
          ['', undefined, "the browser's own (WebM/Opus)"],
          ['wav', 16000, 'wav, 16 kHz mono'],
          ['wav', undefined, "wav, the microphone's rate"],
          ['ogg', undefined, 'ogg (WebM remuxed)'],
          ['mp3', 16000, 'mp3, 16 kHz mono'],
          ['mp3', undefined, "mp3, the microphone's rate"],
        ];
        const perSecond = {};
        for (const [format, sampleRate, name] of subjects) {
          const runs = [];
          for (let i = 0; i < plan.formatRuns; i++) runs.push(await recordIn(format, sampleRate));
          const msPerSecond = median(runs.map((run) => run.taskMs / plan.formatS));
          perSecond[name] = msPerSecond;
          results.formats.push({ format, sampleRate: sampleRate ?? null, name, runs, msPerSecond });
        }
        for (const [format, sampleRate] of [['wav', 16000], ['wav', 48000], ['mp3', 16000], ['mp3', 48000]]) {
          const costs = [];
          for (let i = 0; i < plan.formatRuns; i++) costs.push(await page.evaluate((format, sampleRate) => bench.formatCost(format, sampleRate, 60), format, sampleRate));
          const cost = median(costs.map((c) => c.msPerSecond));
          results.formats.push({ format, sampleRate, synthetic: costs });
          row(F, "the format's own main-thread work per second of sound, median", `${format}, ${sampleRate / 1000} kHz mono, 60 s in blocks of 0.25 s`, `${ms(cost, 3)}; ${kB(costs[0].bytesPerSecond)} a second`);
        }
        const base = perSecond[subjects[0][2]];
        for (const [, , name] of subjects) {
          const extra = name === subjects[0][2] ? '' : `; ${ms(perSecond[name] - base, 2)} more than the browser's own`;
          row(F, 'whole page: main-thread task time per second recorded, median', `${name}, ${plan.formatS} s, chunk a second`, `${ms(perSecond[name], 2)}${extra}`);
        }
      });
    }
    if (runs('listening')) {
      log('bench: listening');
      const L = '10 Listening';
      results.listening = {};
      await withPage('element', async (page) => {
        for (const [oneMicrophone, name] of [
          [false, 'several microphones (routed through Web Audio)'],
          [true, 'one microphone (recorded directly)'],
        ]) {
          const costs = [];
          for (let i = 0; i < plan.listeningRuns; i++) costs.push(await page.evaluate((seconds, one) => bench.listeningCost(seconds, one), plan.listeningS, oneMicrophone));
          results.listening[name] = costs;
          row(L, 'main-thread work per second, warnings and stop-after-silence on, median (goal ≤ 0.2 ms)', `${name}, ${plan.listeningS} s`, `${ms(median(costs.map((c) => c.msPerSecond)), 3)} (${costs[0].readsPerSecond.toFixed(1)} reads a second)`);
        }
        // Hidden (another tab in front), the reads come on the audio clock instead of a timer. The
        // recording starts while the page is in front, as a user starts it.
        const costs = [];
        for (let i = 0; i < plan.listeningRuns; i++) {
          await page.evaluate(() => bench.listeningMeterStart(false));
          const front = await browser.newPage();
          try {
            await front.bringToFront();
            await page.waitForFunction(() => document.visibilityState === 'hidden');
            await page.evaluate(() => bench.listeningMeterReset());
            await sleep(plan.listeningS * 1000);
            costs.push(await page.evaluate(() => bench.listeningMeterRead()));
          } finally {
            await front.close();
            await page.bringToFront();
            await page.evaluate(() => bench.listeningMeterStop());
          }
        }
        results.listening.hidden = costs;
        row(L, 'main-thread work per second, warnings and stop-after-silence on, median (goal ≤ 0.2 ms)', `several microphones, page hidden (another tab in front), ${plan.listeningS} s`, `${ms(median(costs.map((c) => c.msPerSecond)), 3)} (${costs[0].readsPerSecond.toFixed(1)} reads a second)`);
        const audio = [];
        for (let i = 0; i < plan.listeningRuns; i++) audio.push(await page.evaluate(() => bench.listeningAudioCost(20, 3)));
        results.listening.audioThread = audio;
        row(L, 'audio-thread work per second of sound: the level taps (squaring, smoothing), median', '48 kHz mono, rendered offline', ms(median(audio.map((c) => c.msPerSecond)), 3));
      });
      // The gap at a change of microphone needs a microphone that never pauses: one playing a continuous tone.
      const folder = await mkdtemp(join(os.tmpdir(), 'mrb-bench-tone-'));
      const toneBrowser = await launch(chromePath, [`--use-file-for-fake-audio-capture=${await toneFile(folder)}`]);
      try {
        const page = await toneBrowser.newPage();
        await page.goto(server.url('element'));
        for (const how of ['device-id', 'device-lost']) {
          const gaps = [];
          for (let i = 0; i < plan.listeningRuns; i++) gaps.push(await page.evaluate((how) => bench.switchGap(how), how));
          results.listening[how] = gaps;
          const what = how === 'device-id' ? 'device-id changed while recording (goal ≤ 100 ms)' : 'the microphone goes away, another takes over';
          row(L, 'silence in the file at a change of microphone, median (max)', what, `${ms(median(gaps.map((g) => g.gapMs)), 0)} (${ms(Math.max(...gaps.map((g) => g.gapMs)), 0)})`);
        }
      } finally {
        await toneBrowser.close();
        await rm(folder, { recursive: true, force: true });
      }
    }

    if (runs('upload')) {
      log('bench: upload');
      const U = '11 Upload';
      const { startTusServers } = await import('../scripts/wtr-tus.mjs');
      const tus = await startTusServers();
      results.upload = [];
      try {
        await withPage('element', async (page, cdp) => {
          /** Main-thread task time of `plan.formatS` seconds recorded (a chunk a second, no waveform), with or without upload. */
          const recordFor = async (upload) => {
            const attributes = { waveform: 'none', timeslice: '1000', ...(upload && { 'upload-url': tus.endpoint }) };
            await page.evaluate((attributes) => bench.startRecording(attributes), attributes);
            if (upload) await page.evaluate(() => bench.watchUpload());
            await sleep(1000); // the upload code loaded and the upload created: what is measured is the steady cost
            const before = await mainThreadMetrics(cdp);
            await sleep(plan.formatS * 1000);
            const after = await mainThreadMetrics(cdp);
            await page.evaluate(() => bench.stopRecording());
            const run = { upload, taskMs: (after.task - before.task) * 1000 };
            if (upload) {
              await page.waitForFunction(() => bench.uploadLags().stopToUploadedMs !== null, { timeout: 60_000 });
              Object.assign(run, await page.evaluate(() => bench.uploadLags()));
            }
            results.upload.push(run);
            return run;
          };
          const plain = [];
          const uploading = [];
          for (let i = 0; i < plan.formatRuns; i++) {
            plain.push(await recordFor(false));
            uploading.push(await recordFor(true));
          }
          const perChunk = (runs) => median(runs.map((run) => run.taskMs / plan.formatS));
          const extra = perChunk(uploading) - perChunk(plain);
          row(U, 'extra main-thread task time per chunk with upload-url, median', `${plan.formatS} s, a chunk a second, ${plan.formatRuns} runs each`, `${ms(extra, 3)} (${ms(perChunk(uploading), 2)} with, ${ms(perChunk(plain), 2)} without); goal 1 ms: ${extra <= 1 ? 'met' : 'NOT met'}`);
          const lags = uploading.flatMap((run) => run.lags);
          const behind = Math.max(...lags) + 1000;
          row(U, 'chunk handed over → server confirms it, median / max (loopback)', `${lags.length} chunks`, `${ms(median(lags), 0)} / ${ms(Math.max(...lags), 0)}`);
          row(U, 'server behind the recording at most (max above + the 1000 ms timeslice)', 'healthy loopback', `${ms(behind, 0)}; goal timeslice + 2 s = 3000 ms: ${behind <= 3000 ? 'met' : 'NOT met'}`);
          row(U, 'stop → uploaded (information: the fixed WebM uploaded again)', 'median', ms(median(uploading.map((run) => run.stopToUploadedMs)), 0));
        });
      } finally {
        tus.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

/** A 1 kHz tone of 2 s as a WAV in `folder`, for a fake microphone that plays it in a loop. */
async function toneFile(folder) {
  const { wav } = await import('../scripts/wav.mjs');
  const file = join(folder, 'tone.wav');
  await writeFile(file, wav(2, (t) => 0.25 * Math.sin(2 * Math.PI * 1000 * t)));
  return file;
}

// --- report -------------------------------------------------------------------------------

const cpus = os.cpus();
results.machine = {
  date: new Date().toISOString(),
  cpu: cpus[0]?.model?.trim() ?? 'unknown CPU',
  cores: cpus.length,
  memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
};
results.seconds = (performance.now() - started) / 1000;
// Parts in the order of the issue, whatever order they ran in.
rows.sort((a, b) => parseInt(a.section) - parseInt(b.section));
results.rows = rows;

if (json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const m = results.machine;
  console.log(`media-recorder-button bench (${quick ? 'quick' : 'full'} run${only ? `, only ${only.join(', ')}` : ''}), ${m.date}`);
  console.log(`${results.browser ?? 'no browser'}, headless, fake microphone; ${m.cpu}, ${m.cores} cores, ${m.memory}; ${m.os}; Node ${m.node}`);
  console.log('');
  const header = { section: 'Part', measure: 'Measure', subject: 'Subject', figure: 'Figure' };
  const widths = Object.fromEntries(Object.keys(header).map((key) => [key, Math.max(...[header, ...rows].map((r) => r[key].length))]));
  const line = (r) => Object.keys(header).map((key) => r[key].padEnd(widths[key])).join(' | ').trimEnd();
  console.log(line(header));
  console.log(Object.keys(header).map((key) => '-'.repeat(widths[key])).join('-|-'));
  let previous = '';
  for (const r of rows) {
    console.log(line({ ...r, section: r.section === previous ? '' : r.section }));
    previous = r.section;
  }
  console.log('');
  console.log(`Run took ${results.seconds.toFixed(0)} s. Sizes in kB of 1000 bytes.`);
}
