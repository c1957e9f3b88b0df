// A required voice answer, posted with the form as a file, reviewed before sending; `persist` keeps it through a reload.
import 'media-recorder-button';
import { formatSeconds } from './clips.js';

const form = document.querySelector<HTMLFormElement>('#application')!;
const recorder = form.querySelector('media-recorder-button')!;
const status = document.querySelector<HTMLElement>('#status')!;
const sent = document.querySelector<HTMLElement>('#sent')!;

recorder.addEventListener('recover', (event) => {
  const { duration } = event.detail;
  status.textContent = `Your answer of ${formatSeconds(duration)} was recovered after the page closed.`;
});
recorder.addEventListener('stop', (event) => (status.textContent = `Answer recorded: ${formatSeconds(event.detail.duration)}.`));
recorder.addEventListener('error', () => (status.textContent = '')); // the element shows what went wrong
recorder.addEventListener('change', (event) => {
  if (!event.detail.blob) status.textContent = 'Answer deleted.';
});

// A static page has no server: show what `fetch(form.action, { method: 'POST', body: new FormData(form) })` would send.
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const fields = [...new FormData(form)].map(([name, value]) =>
    typeof value === 'string' ? `${name}: ${value}` : `${name}: ${value.name} (${value.type}, ${value.size} bytes)`,
  );
  sent.textContent = fields.join('\n');
  status.textContent = 'Sent.';
});
