// `executeServerCommand('ffprobe', { base64, name })` from a test: writes the bytes a browser made to a
// temporary file and reads it with Debian's ffprobe, a reader independent of the browsers. Answers
// { ok, errors, format, streams, packets } where `errors` is what ffprobe complained about (empty for a
// clean file), `format.duration` and each stream's `duration` are in seconds, and `packets` lists
// each packet's `pts_time` and `flags` (K for a keyframe). Without ffprobe it answers
// { ok: false, errors: 'ffprobe not found…' }, so a test that needs it fails rather than skips:
// `.ci/run` installs it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function ffprobePlugin() {
  return {
    name: 'ffprobe',
    async executeCommand({ command, payload }) {
      if (command !== 'ffprobe') return undefined;
      const folder = mkdtempSync(join(tmpdir(), 'mrb-ffprobe-'));
      try {
        const file = join(folder, payload.name ?? 'recording');
        writeFileSync(file, Buffer.from(payload.base64, 'base64'));
        const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-show_entries', 'packet=stream_index,pts_time,duration_time,flags', file];
        const { stdout, stderr } = await run('ffprobe', args, { maxBuffer: 64 * 1024 * 1024 });
        const probed = JSON.parse(stdout);
        return { ok: true, errors: stderr.trim(), format: probed.format, streams: probed.streams, packets: probed.packets ?? [] };
      } catch (error) {
        const errors = error.code === 'ENOENT' ? 'ffprobe not found: install ffmpeg (Debian: apt-get install ffmpeg)' : String(error.stderr || error.message);
        return { ok: false, errors };
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
