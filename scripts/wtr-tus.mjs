// A real tus server (@tus/server with @tus/file-store, in a temporary folder) on 127.0.0.1 behind a
// fault-injecting proxy, for the upload tests. Browser tests drive it with `executeServerCommand('tus', payload)`:
//   { action: 'endpoint' }               → { endpoint } the proxy's tus endpoint (`/files/`); `/not-tus/` answers 200 like any web server
//   { action: 'faults', faults: [...] }  → queues faults, each taken by the next request that matches it:
//        { method: 'PATCH', kind: 'status', status: 503 } answers that status instead of the server
//        { method: 'PATCH', kind: 'drop' } passes the request on, then drops the connection before the answer
//        { method: 'PATCH', kind: 'stall' } never answers (the client must give up and resume)
//        { method: 'PATCH', kind: 'delay', ms: 3000 } passes the request on that much later (a slow server)
//   { action: 'log' }                    → every request but CORS preflights: { method, path, status, offset, bytes, length, token, newOffset, location, at }
//                                          (`status` 'dropped' or 'stalled' for those faults; `bytes` its Content-Length)
//   { action: 'file', url }              → what the server holds for an upload: { size, offset, length, sha256, metadata, base64 }, or false when it holds none
//   { action: 'reset' }                  → forgets the faults and the log
// Each test session (a test file in one browser) has servers of its own, so that the engines' runs, side by
// side, never see each other's requests; they start with its first command and close when the runner stops.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, request as forward } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOOPBACK_ORIGIN = /^http:\/\/(?:localhost|127\.0\.0\.1)(?::\d+)?$/;

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server.address().port;
}

export async function startTusServers() {
  const { Server } = await import('@tus/server');
  const { FileStore } = await import('@tus/file-store');
  const directory = mkdtempSync(join(tmpdir(), 'mrb-tus-'));
  const tus = new Server({
    path: '/files',
    datastore: new FileStore({ directory }),
    allowedOrigins: (origin) => LOOPBACK_ORIGIN.test(origin),
    allowedHeaders: ['X-Test-Token'],
  });
  const upstream = createServer((req, res) => tus.handle(req, res));
  const upstreamPort = await listen(upstream);

  const state = { faults: [], log: [] };
  const cors = (req) => ({
    'Access-Control-Allow-Origin': req.headers.origin ?? '*',
    'Access-Control-Expose-Headers': 'Upload-Offset, Upload-Length, Upload-Defer-Length, Location, Tus-Resumable',
  });
  const proxy = createServer((req, res) => {
    const path = req.url.split('?')[0];
    const entry = {
      method: req.method,
      path,
      status: 0,
      offset: req.headers['upload-offset'],
      bytes: Number(req.headers['content-length'] ?? 0),
      length: req.headers['upload-length'],
      token: req.headers['x-test-token'],
      at: Date.now(),
    };
    if (req.method !== 'OPTIONS') state.log.push(entry);
    if (path.startsWith('/not-tus')) {
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, { ...cors(req), 'Access-Control-Allow-Methods': '*', 'Access-Control-Allow-Headers': '*', 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>Not a tus server</title>');
      entry.status = 200;
      return;
    }
    const index = state.faults.findIndex((fault) => fault.method === req.method);
    const fault = index >= 0 ? state.faults.splice(index, 1)[0] : null;
    if (fault?.kind === 'status') {
      req.resume();
      res.writeHead(fault.status, cors(req)).end();
      entry.status = fault.status;
      return;
    }
    if (fault?.kind === 'stall') {
      entry.status = 'stalled';
      req.resume();
      return;
    }
    const pass = () => forward({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      entry.status = answer.statusCode;
      entry.newOffset = answer.headers['upload-offset'];
      entry.location = answer.headers.location;
      if (fault?.kind === 'drop') {
        entry.status = 'dropped';
        answer.resume();
        // A few bytes of an answer first: a browser silently sends again a request whose reused connection closed before any.
        req.socket.end('HTTP/1.1 2');
        req.socket.destroySoon?.();
        return;
      }
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    const go = () => {
      const out = pass();
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (fault?.kind === 'delay') setTimeout(go, fault.ms);
    else go();
  });
  const proxyPort = await listen(proxy);
  return {
    endpoint: `http://127.0.0.1:${proxyPort}/files/`,
    state,
    directory,
    close() {
      proxy.closeAllConnections();
      upstream.closeAllConnections();
      proxy.close();
      upstream.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export function tusPlugin() {
  /** Per session id. */
  const servers = new Map();
  return {
    name: 'tus',
    async serverStop() {
      for (const started of servers.values()) (await started).close();
    },
    async executeCommand({ command, payload, session }) {
      if (command !== 'tus') return undefined;
      if (!servers.has(session.id)) servers.set(session.id, startTusServers());
      const { endpoint, state, directory } = await servers.get(session.id);
      switch (payload.action) {
        case 'endpoint':
          return { endpoint };
        case 'faults':
          state.faults.push(...payload.faults);
          return true;
        case 'log':
          return state.log;
        case 'reset':
          state.faults.length = 0;
          state.log.length = 0;
          return true;
        case 'file': {
          const id = new URL(payload.url).pathname.split('/').pop();
          const info = JSON.parse(await readFile(join(directory, `${id}.json`), 'utf8').catch(() => 'null'));
          const bytes = await readFile(join(directory, id)).catch(() => null);
          if (!info || !bytes) return false; // (null would read as "no plugin answered")
          return {
            size: bytes.length,
            offset: bytes.length,
            length: info.size ?? null,
            metadata: info.metadata ?? {},
            sha256: createHash('sha256').update(bytes).digest('hex'),
            base64: payload.bytes ? bytes.toString('base64') : undefined,
          };
        }
        default:
          throw new Error(`tus: unknown action ${payload.action}`);
      }
    },
  };
}
