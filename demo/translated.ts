// The German element: its own strings, German durations.
import 'media-recorder-button';

const recorder = document.querySelector('media-recorder-button')!;
const status = document.querySelector<HTMLElement>('#status')!;
const player = document.querySelector<HTMLAudioElement>('#player')!;
const seconds = new Intl.NumberFormat('de', { style: 'unit', unit: 'second', unitDisplay: 'long', maximumFractionDigits: 0 });

recorder.addEventListener('stop', (event) => {
  const { blob, duration } = event.detail;
  status.textContent = `Aufgenommen: ${seconds.format(duration)}.`;
  if (player.src) URL.revokeObjectURL(player.src);
  player.src = URL.createObjectURL(blob);
  player.hidden = false;
});
