// Injected before any page script. Counts animation frames and timers the page asks for and,
// while `timing` is on, times their callbacks. Off, it adds no closure per call, so it does not
// disturb heap measurements.
(() => {
  const stats = {
    timing: false,
    requests: { animationFrame: 0, timeout: 0, interval: 0 },
    /** Milliseconds spent in each animation-frame / interval callback while timing. */
    frameCallbackMs: [],
    intervalCallbackMs: [],
    reset() {
      this.requests.animationFrame = 0;
      this.requests.timeout = 0;
      this.requests.interval = 0;
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
    return setTimeout.call(window, callback, ...rest);
  };
  window.setInterval = function (callback, ...rest) {
    stats.requests.interval++;
    const wrapped = typeof callback === 'function' ? timed(callback, 'intervalCallbackMs') : callback;
    return setInterval.call(window, wrapped, ...rest);
  };
  window.__benchStats = stats;
})();
