// Headless Chromium with a fake microphone, and the DevTools-protocol measurements the bench uses.
import puppeteer from 'puppeteer-core';
import { quietChromiumFlags } from '../../scripts/browsers.mjs';

/** `CHROME_PATH`, else the first Chromium or Chrome found in the usual places (as the tests do). */
export { findChrome } from '../../scripts/browsers.mjs';

/** `extraArgs`: more command-line flags, e.g. a file for the fake microphone to play. */
export async function launch(executablePath, extraArgs = []) {
  const args = [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
    '--js-flags=--expose-gc',
    '--enable-precise-memory-info',
    ...quietChromiumFlags,
    // A page measured in the background must keep its frame rate and timers.
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
    ...extraArgs,
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return puppeteer.launch({ executablePath, headless: true, args, defaultViewport: null });
}

/** A new page at devicePixelRatio 2 with the instrumentation injected, opened at `url`. */
export async function openPage(browser, url, instrument) {
  const page = await browser.newPage();
  await page.setViewport({ width: 800, height: 600, deviceScaleFactor: 2 });
  await page.evaluateOnNewDocument(instrument);
  const cdp = await page.createCDPSession();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.readyState === 'complete');
  return { page, cdp };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** JS heap in use after a full garbage collection, in bytes. */
export async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/**
 * Bytes allocated on the JS heap while `during` runs, garbage included (V8's sampling heap profiler,
 * scaled to an estimate of all allocations). `within` maps a label to names of functions whose
 * allocations (their own and their callees') are also counted under that label.
 */
export async function sampleAllocations(cdp, during, within = {}) {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.startSampling', {
    samplingInterval: 64,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  const result = await during();
  const { profile } = await cdp.send('HeapProfiler.stopSampling');
  await cdp.send('HeapProfiler.disable');
  let total = 0;
  const inside = Object.fromEntries(Object.keys(within).map((label) => [label, 0]));
  const walk = (node, labels) => {
    const here = new Set(labels);
    for (const [label, names] of Object.entries(within)) if (names.includes(node.callFrame.functionName)) here.add(label);
    total += node.selfSize;
    for (const label of here) inside[label] += node.selfSize;
    for (const child of node.children) walk(child, here);
  };
  walk(profile.head, new Set());
  return { total, inside, result };
}

const traceCategories = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'toplevel',
];

/**
 * Main-thread busy time per frame: every task on the page's main thread, summed between
 * consecutive frames (BeginMainThreadFrame), from a trace taken while `during` runs.
 */
export async function traceMainThread(page, during) {
  await page.tracing.start({ categories: traceCategories });
  const result = await during();
  const trace = JSON.parse(Buffer.from(await page.tracing.stop()).toString('utf8'));
  const events = trace.traceEvents ?? trace;
  const mainThreads = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let best = null;
  for (const thread of mainThreads) {
    const mine = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid);
    const frames = mine.filter((e) => e.name === 'BeginMainThreadFrame').map((e) => e.ts).sort((a, b) => a - b);
    if (!best || frames.length > best.frames.length) best = { mine, frames };
  }
  if (!best || best.frames.length < 2) return { frames: 0, perFrameMs: [], result };
  const tasks = best.mine
    .filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'))
    .sort((a, b) => a.ts - b.ts);
  // Nested RunTask events (both names around one task) must count once: keep outermost spans.
  const outer = [];
  for (const task of tasks) {
    const last = outer.at(-1);
    if (last && task.ts < last.ts + last.dur) continue;
    outer.push(task);
  }
  const { frames } = best;
  const perFrameMs = new Array(frames.length - 1).fill(0);
  let f = 0;
  for (const task of outer) {
    while (f < frames.length - 1 && task.ts >= frames[f + 1]) f++;
    if (task.ts < frames[0] || f >= frames.length - 1) continue;
    perFrameMs[f] += task.dur / 1000;
  }
  const spanMs = (frames.at(-1) - frames[0]) / 1000;
  return { frames: perFrameMs.length, fps: (perFrameMs.length / spanMs) * 1000, perFrameMs, result };
}

/** Cumulative main-thread figures of the page (seconds), from Performance.getMetrics. */
export async function mainThreadMetrics(cdp) {
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration'), style: get('RecalcStyleDuration') };
}

/** JS heap in use and ArrayBuffer backing stores (where decoded samples and file bytes live), after a full garbage collection, in bytes. */
export async function memoryAfterGc(cdp) {
  const heap = await heapAfterGc(cdp);
  const { backingStorageSize } = await cdp.send('Runtime.getHeapUsage');
  return { heap, arrayBuffers: backingStorageSize ?? NaN };
}

/**
 * Main-thread busy time between two marks the page sets (`performance.mark(from)`, then `to`) while
 * `during` runs: every task on the thread that set them, clipped to the span between the marks, from
 * a Chromium trace. Also each task, with the trace events inside it, to tell where the time went.
 */
export async function traceMainThreadBetween(page, during, from, to) {
  await page.tracing.start({ categories: [...traceCategories, 'blink.user_timing', 'v8.execute'] });
  const result = await during();
  const trace = JSON.parse(Buffer.from(await page.tracing.stop()).toString('utf8'));
  const events = trace.traceEvents ?? trace;
  const mark = (name) => events.find((e) => e.cat?.includes('blink.user_timing') && e.name === name);
  const start = mark(from);
  const end = mark(to);
  if (!start || !end) return { busyMs: NaN, spanMs: NaN, tasks: [], result };
  const mine = events.filter((e) => e.pid === start.pid && e.tid === start.tid && e.ph === 'X' && e.ts < end.ts && e.ts + e.dur > start.ts);
  // As in traceMainThread: nested RunTask events (both names around one task) count once.
  const outer = [];
  for (const task of mine.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts)) {
    const last = outer.at(-1);
    if (last && task.ts < last.ts + last.dur) continue;
    outer.push(task);
  }
  const tasks = outer.map((task) => ({
    ms: (Math.min(task.ts + task.dur, end.ts) - Math.max(task.ts, start.ts)) / 1000,
    inside: mine.filter((e) => e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur),
  }));
  return { busyMs: tasks.reduce((total, task) => total + task.ms, 0), spanMs: (end.ts - start.ts) / 1000, tasks, result };
}
