// Injected before any page script. Counts animation frames and timers the page asks for and,
// while `timing` is on, times their callbacks; while `heap` is on, measures the JS heap each
// animation-frame callback allocates. Off, it adds no closure per call, so it does not disturb
// heap measurements.
(() => {
  const stats = {
    timing: false,
    /** Animation frames only, and no cancelAnimationFrame while on: requests are queued in order. */
    heap: false,
    requests: { animationFrame: 0, timeout: 0, interval: 0 },
    /** Timer callbacks that ran, whenever they were set. */
    runs: { timeout: 0, interval: 0 },
    /** Milliseconds spent in each animation-frame / interval callback while timing. */
    frameCallbackMs: [],
    /** Of each timed animation-frame callback, the milliseconds spent asking for the next frame (the browser's part). */
    frameRequestMs: [],
    intervalCallbackMs: [],
    /** Bytes of JS heap allocated by each animation-frame callback while `heap` is on. */
    frameCallbackBytes: [],
    reset() {
      this.requests.animationFrame = 0;
      this.requests.timeout = 0;
      this.requests.interval = 0;
      this.runs.timeout = 0;
      this.runs.interval = 0;
      this.frameCallbackMs = [];
      this.frameRequestMs = [];
      this.intervalCallbackMs = [];
      this.frameCallbackBytes = [];
    },
  };
  /** Time spent in requestAnimationFrame during the callback being timed. */
  let requestingMs = 0;
  const timed = (callback, into) =>
    function (timestamp) {
      if (!stats.timing) return callback.call(this, timestamp);
      requestingMs = 0;
      const start = performance.now();
      try {
        return callback.call(this, timestamp);
      } finally {
        stats[into].push(performance.now() - start);
        if (into === 'frameCallbackMs') stats.frameRequestMs.push(requestingMs);
      }
    };
  // Heap per callback: performance.memory is exact with --enable-precise-memory-info. Reading it
  // allocates a small object, measured each frame and taken off. The measuring itself allocates
  // nothing per request: one function, and a ring of the callbacks waiting for their frame.
  const used = () => performance.memory.usedJSHeapSize;
  const waiting = new Array(64).fill(null);
  let first = 0;
  let next = 0;
  const measured = function (timestamp) {
    const callback = waiting[first];
    waiting[first] = null;
    first = (first + 1) % waiting.length;
    const reading = -used() + used();
    const before = used();
    callback.call(this, timestamp);
    const after = used();
    // A garbage collection during the callback makes the difference meaningless: left out.
    if (after >= before) stats.frameCallbackBytes.push(after - before - reading);
  };
  const { requestAnimationFrame, setTimeout, setInterval } = window;
  // Asking for the next frame takes Chromium tens of microseconds, whatever the callback draws:
  // timed apart, so that the drawing's own cost can be told from the browser's.
  const requestFrame = function (callback) {
    stats.requests.animationFrame++;
    if (stats.heap) {
      waiting[next] = callback;
      next = (next + 1) % waiting.length;
      return requestAnimationFrame.call(window, measured);
    }
    return requestAnimationFrame.call(window, stats.timing ? timed(callback, 'frameCallbackMs') : callback);
  };
  window.requestAnimationFrame = function (callback) {
    if (!stats.timing) return requestFrame(callback);
    const start = performance.now();
    try {
      return requestFrame(callback);
    } finally {
      requestingMs += performance.now() - start;
    }
  };
  window.setTimeout = function (callback, ...rest) {
    stats.requests.timeout++;
    const counted =
      typeof callback === 'function'
        ? function (...args) {
            stats.runs.timeout++;
            return callback.apply(this, args);
          }
        : callback;
    return setTimeout.call(window, counted, ...rest);
  };
  window.setInterval = function (callback, ...rest) {
    stats.requests.interval++;
    const timedCallback = typeof callback === 'function' ? timed(callback, 'intervalCallbackMs') : null;
    const counted = timedCallback
      ? function () {
          stats.runs.interval++;
          return timedCallback.call(this);
        }
      : callback;
    return setInterval.call(window, counted, ...rest);
  };
  window.__benchStats = stats;
})();
