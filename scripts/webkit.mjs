// WebKit for the tests: WebKitGTK's MiniBrowser driven by WebKitWebDriver (WebDriver classic).
// It has no headless mode, so the launcher starts its own Xvfb on a free display and its own
// driver on a free port, and stops both when the run ends.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { WebdriverLauncher } from '@web/test-runner-webdriver';

const browserCandidates = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
];

/** What the WebKit tests need, each overridable: `WEBKIT_BROWSER_PATH`, `WEBKIT_DRIVER_PATH`, `XVFB_PATH`. */
export function findWebKit() {
  const browser = process.env.WEBKIT_BROWSER_PATH ?? browserCandidates.find((path) => existsSync(path));
  const driver = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
  const xvfb = process.env.XVFB_PATH ?? '/usr/bin/Xvfb';
  if (!browser || !existsSync(browser) || !existsSync(driver) || !existsSync(xvfb)) return undefined;
  return { browser, driver, xvfb };
}

/**
 * A new session that has not answered by then never will (it hangs without a display or `--automation`).
 * Shorter than the test runner's own browserStartTimeout (30 s), so that this error is the one reported.
 */
const NEW_SESSION_TIMEOUT_MS = 25_000;
const DRIVER_READY_TIMEOUT_MS = 15_000;

const children = new Set();
function signal(child, name) {
  try {
    process.kill(-child.pid, name);
  } catch {
    // already gone
  }
}

process.on('exit', () => {
  for (const child of children) signal(child, 'SIGKILL');
});

/** Starts a process in a group of its own, so that stopping it also stops what it started (the browser). */
function start(command, args, options) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true, ...options });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr.on('data', (data) => {
    stderr = (stderr + data).slice(-2000);
  });
  child.output = () => stderr;
  return child;
}

function stopChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => signal(child, 'SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      // What it started may outlive it.
      signal(child, 'SIGKILL');
      resolve();
    });
    signal(child, 'SIGTERM');
  });
}

function failAfter(ms, message) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/** Starts Xvfb on the first free display (`-displayfd` lets the server pick it) and resolves with `:N`. */
function startXvfb(xvfb) {
  const child = start(xvfb, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let written = '';
    child.stdio[3].on('data', (data) => {
      written += data;
      if (written.includes('\n')) resolve({ child, display: `:${written.trim()}` });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready: ${child.output()}`)));
  });
}

/** A port that is free now, picked by the system (so that two runs at once do not pick the same). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForDriver(child, port) {
  const deadline = Date.now() + DRIVER_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode}): ${child.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WebKitWebDriver did not answer on port ${port} within ${DRIVER_READY_TIMEOUT_MS} ms: ${child.output()}`);
}

/** A web-test-runner launcher for WebKitGTK that brings up and tears down its own display and driver. */
class WebKitLauncher extends WebdriverLauncher {
  constructor(paths) {
    super({
      automationProtocol: 'webdriver',
      hostname: '127.0.0.1',
      path: '/',
      // One try per request: a retry would only repeat a hang.
      connectionRetryCount: 0,
      // Opening a test page (`url`) took over the default 120 s once with two test runs at once on two
      // cores; the runner's own limit for a file is 300 s.
      connectionRetryTimeout: 240_000,
      capabilities: {
        browserName: 'MiniBrowser',
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': {
          binary: paths.browser,
          // Without --automation the new session hangs.
          args: ['--automation', '--enable-mock-capture-devices=true', '--autoplay-policy=allow'],
        },
      },
    });
    this.paths = paths;
    // One MiniBrowser window, one test file at a time (the scheduler reads this per browser).
    this.concurrency = 1;
  }

  async initialize(config) {
    await super.initialize({ ...config, concurrency: 1 });
    this.name = 'WebKit';
  }

  async createDriverManager() {
    const xvfb = await startXvfb(this.paths.xvfb);
    this.xvfb = xvfb.child;
    const port = await freePort();
    this.driverProcess = start(this.paths.driver, [`--port=${port}`], { env: { ...process.env, DISPLAY: xvfb.display } });
    await waitForDriver(this.driverProcess, port);
    this.options.port = port;
    const timeout = failAfter(
      NEW_SESSION_TIMEOUT_MS,
      `WebKit: no new WebDriver session within ${NEW_SESSION_TIMEOUT_MS / 1000} s (MiniBrowser ${this.paths.browser}, display ${xvfb.display}).`,
    );
    try {
      return await Promise.race([super.createDriverManager(), timeout.promise]);
    } catch (error) {
      await this.stopProcesses();
      throw error;
    } finally {
      timeout.cancel();
    }
  }

  async stop() {
    await super.stop();
    await this.stopProcesses();
  }

  async stopProcesses() {
    await stopChild(this.driverProcess);
    await stopChild(this.xvfb);
    this.driverProcess = undefined;
    this.xvfb = undefined;
  }
}

/** WebKit with a mock microphone that is granted by itself (this driver cannot deny it). */
export function webkitLauncher(paths) {
  return new WebKitLauncher(paths);
}
