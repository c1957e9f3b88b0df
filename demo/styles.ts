// Each look is only ::part() and custom properties. The CSS shown next to each element is the CSS
// that styles it: every <pre class="css"> is also applied as a style sheet.
import 'media-recorder-button';
import type { MediaRecorderButtonEventMap } from 'media-recorder-button';
import { formatSeconds } from './clips.js';

for (const pre of document.querySelectorAll('pre.css')) {
  document.head.append(Object.assign(document.createElement('style'), { textContent: pre.textContent }));
}

const status = document.querySelector<HTMLElement>('#status')!;
document.addEventListener('stop', (event) => {
  const { duration } = (event as MediaRecorderButtonEventMap['stop']).detail;
  status.textContent = `Recorded ${formatSeconds(duration)} in the ${(event.target as HTMLElement).className} look.`;
});
