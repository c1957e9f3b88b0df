// The bench page for wavesurfer.js with its Record plugin, set up as its documentation shows,
// drawing the live microphone into a 300 × 64 CSS px waveform.
import WaveSurfer from 'wavesurfer.js';
import RecordPlugin from 'wavesurfer.js/dist/plugins/record.esm.js';
import { sleep } from './common.ts';

let wavesurfer: WaveSurfer | null = null;
let record: RecordPlugin | null = null;

async function startRecording(): Promise<number> {
  document.body.replaceChildren();
  const container = document.createElement('div');
  container.style.cssText = 'width: 300px; height: 64px;';
  document.body.append(container);
  wavesurfer = WaveSurfer.create({ container, height: 64, waveColor: '#333', progressColor: '#333' });
  record = wavesurfer.registerPlugin(RecordPlugin.create({ renderRecordedAudio: false }));
  await sleep(100);
  const requestedAt = performance.now();
  const started = new Promise((resolve) => record!.once('record-start', () => resolve(undefined)));
  await record.startRecording();
  await started;
  return performance.now() - requestedAt;
}

async function stopRecording() {
  const ended = new Promise<Blob>((resolve) => record!.once('record-end', resolve));
  record!.stopRecording();
  const blob = await ended;
  wavesurfer!.destroy();
  wavesurfer = null;
  record = null;
  return { size: blob.size };
}

Object.assign(window, { bench: { startRecording, stopRecording } });
