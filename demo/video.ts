// A video message from the camera and a narrated screen recording, played back as <video>.
import 'media-recorder-button';
import { clipList } from './clips.js';

const status = document.querySelector<HTMLElement>('#status')!;
const addClip = clipList(
  document.querySelector('#clips')!,
  document.querySelector('#empty')!,
  document.querySelector<HTMLTemplateElement>('#clip-template')!,
  'Recording',
);

for (const recorder of document.querySelectorAll('media-recorder-button')) {
  recorder.addEventListener('start', () => (status.textContent = 'Recording…'));
  recorder.addEventListener('error', () => (status.textContent = '')); // the element shows what went wrong
  recorder.addEventListener('stop', (event) => {
    status.textContent = event.detail.reason === 'source-ended' ? 'The share ended: recording saved.' : 'Recording saved.';
    if (event.detail.blob.size > 0) addClip(event.detail);
  });
}
