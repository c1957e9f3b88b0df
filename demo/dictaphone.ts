// The Web Dictaphone, built only on the element's public API.
import 'media-recorder-button';
import { MediaRecorderButton } from 'media-recorder-button';
import { clipList, formatSeconds } from './clips.js';

const recorder = document.querySelector('media-recorder-button')!;
const microphone = document.querySelector<HTMLSelectElement>('#microphone')!;
const limit = document.querySelector<HTMLSelectElement>('#limit')!;
const countdown = document.querySelector<HTMLInputElement>('#countdown')!;
const format = document.querySelector<HTMLSelectElement>('#format')!;
const silence = document.querySelector<HTMLSelectElement>('#silence')!;
const status = document.querySelector<HTMLElement>('#status')!;
const addClip = clipList(
  document.querySelector('#clips')!,
  document.querySelector('#empty')!,
  document.querySelector<HTMLTemplateElement>('#clip-template')!,
);

// What went wrong is shown once, by the element itself (its `message` part): the status says the rest.
function showStatus(text: string) {
  status.textContent = text;
}

/**
 * The microphones, named once the page has had access (browsers hide the names until then). Listed
 * when the picker is used or a recording starts, so an idle page loads no recording code.
 */
async function listMicrophones() {
  const inputs = await MediaRecorderButton.getAudioInputs().catch(() => []);
  const chosen = microphone.value;
  microphone.replaceChildren(new Option('Default', ''));
  inputs.forEach((input, i) => microphone.add(new Option(input.label || `Microphone ${i + 1}`, input.deviceId)));
  microphone.value = chosen;
}

microphone.addEventListener('change', () => (recorder.deviceId = microphone.value));
limit.addEventListener('change', () => (recorder.maxDuration = Number(limit.value)));
countdown.addEventListener('change', () => (recorder.countdown = countdown.checked));
silence.addEventListener('change', () => (recorder.stopAfterSilence = silence.value ? Number(silence.value) : undefined));
format.addEventListener('change', () => {
  const [type, rate] = format.value.split(':');
  recorder.format = type as MediaRecorderButton['format'];
  recorder.sampleRate = rate ? Number(rate) : undefined;
});
microphone.addEventListener('focus', listMicrophones);
navigator.mediaDevices?.addEventListener('devicechange', listMicrophones);

recorder.addEventListener('start', () => {
  showStatus('Recording…');
  void listMicrophones();
});
recorder.addEventListener('pause', () => showStatus('Paused.'));
recorder.addEventListener('resume', () => showStatus('Recording…'));
recorder.addEventListener('error', () => showStatus(''));
recorder.addEventListener('stop', (event) => {
  const { reason, duration, blob } = event.detail;
  const why = { 'max-duration': 'Stopped at the time limit. ', silence: 'Stopped after silence. ' }[reason as string] ?? '';
  showStatus(`${why}Saved a ${formatSeconds(duration)} clip.`);
  if (blob.size > 0) addClip(event.detail);
});
