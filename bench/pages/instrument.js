// Injected before any page script. Counts animation frames and timers the page asks for and,
// while `timing` is on, times their callbacks. Off, it adds no closure per call, so it does not
// disturb heap measurements.
(() => {
  const stats = {
    timing: false,
    requests: { animationFrame: 0, timeout: 0, interval: 0 },
    /** Timer callbacks that ran, whenever they were set. */
    runs: { timeout: 0, interval: 0 },
    /** Milliseconds spent in each animation-frame / interval callback while timing. */
    frameCallbackMs: [],
    intervalCallbackMs: [],
    reset() {
      this.requests.animationFrame = 0;
      this.requests.timeout = 0;
      this.requests.interval = 0;
      this.runs.timeout = 0;
      this.runs.interval = 0;
      this.frameCallbackMs = [];
      this.intervalCallbackMs = [];
    },
  };
  const timed = (callback, into) =>
    function (timestamp) {
      if (!stats.timing) return callback.call(this, timestamp);
      const start = performance.now();
      try {
        return callback.call(this, timestamp);
      } finally {
        stats[into].push(performance.now() - start);
      }
    };
  const { requestAnimationFrame, setTimeout, setInterval } = window;
  window.requestAnimationFrame = function (callback) {
    stats.requests.animationFrame++;
    return requestAnimationFrame.call(window, stats.timing ? timed(callback, 'frameCallbackMs') : callback);
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
