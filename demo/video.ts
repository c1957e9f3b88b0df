// Camera and screen clips, built only on the element's public API.
import 'media-recorder-button';

const recorder = document.querySelector('media-recorder-button')!;
const status = document.querySelector<HTMLElement>('#status')!;
const list = document.querySelector<HTMLUListElement>('#clips')!;
const empty = document.querySelector<HTMLElement>('#empty')!;

for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=source]')) {
  radio.addEventListener('change', () => (recorder.source = radio.value as 'camera' | 'screen'));
}

recorder.addEventListener('start', () => (status.textContent = 'Recording…'));
recorder.addEventListener('error', (event) => (status.textContent = event.detail.error.message));
recorder.addEventListener('stop', (event) => {
  const { blob, duration } = event.detail;
  status.textContent = `Saved a ${Math.round(duration)} s clip.`;
  if (blob.size === 0) return;
  const url = URL.createObjectURL(blob);
  const item = document.createElement('li');
  item.className = 'clip';
  const video = Object.assign(document.createElement('video'), { src: url, controls: true, playsInline: true, preload: 'metadata' });
  video.style.maxWidth = '100%';
  const remove = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Delete' });
  remove.addEventListener('click', () => {
    URL.revokeObjectURL(url);
    item.remove();
    empty.hidden = list.children.length > 0;
  });
  item.append(video, remove);
  list.prepend(item);
  empty.hidden = true;
});
