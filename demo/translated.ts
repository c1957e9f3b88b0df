// The German element: its own strings, German durations.
import 'media-recorder-button';

const recorder = document.querySelector('media-recorder-button')!;
const status = document.querySelector<HTMLElement>('#status')!;
const player = document.querySelector<HTMLAudioElement>('#player')!;
const seconds = new Intl.NumberFormat('de', { style: 'unit', unit: 'second', unitDisplay: 'long', roundingMode: 'trunc', maximumFractionDigits: 0 } as Intl.NumberFormatOptions);

recorder.addEventListener('stop', (event) => {
  const { blob, duration } = event.detail;
  // Whole seconds, as the readout and the player show them.
  status.textContent = `Aufgenommen: ${seconds.format(Math.floor(duration))}.`;
  if (player.src) URL.revokeObjectURL(player.src);
  player.src = URL.createObjectURL(blob);
  player.hidden = false;
});
