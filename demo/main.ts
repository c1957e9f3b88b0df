// A Web Dictaphone built only on the element's public API.
import 'media-recorder-button';
import type { StopEventDetail } from 'media-recorder-button';

const recorder = document.querySelector('media-recorder-button')!;
const status = document.querySelector<HTMLElement>('#status')!;
const list = document.querySelector<HTMLUListElement>('#clips')!;
const empty = document.querySelector<HTMLElement>('#empty')!;
const template = document.querySelector<HTMLTemplateElement>('#clip-template')!;

const extensions: Record<string, string> = { webm: 'webm', ogg: 'ogg', mp4: 'm4a' };
let clipCount = 0;

function showStatus(text: string, isError = false) {
  status.textContent = text;
  status.classList.toggle('error', isError);
}

function formatSeconds(seconds: number) {
  return `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
}

function addClip({ blob, duration, mimeType }: StopEventDetail) {
  clipCount++;
  const url = URL.createObjectURL(blob);
  const item = template.content.firstElementChild!.cloneNode(true) as HTMLLIElement;
  const name = item.querySelector('input')!;
  const audio = item.querySelector('audio')!;
  const download = item.querySelector<HTMLAnchorElement>('.clip-download')!;
  const extension = extensions[mimeType.split(/[/;]/)[1]] ?? 'audio';

  const setFileName = () => (download.download = `${name.value.trim() || 'clip'}.${extension}`);
  name.value = `Clip ${clipCount}`;
  name.addEventListener('input', setFileName);
  setFileName();
  audio.src = url;
  download.href = url;
  item.querySelector('.clip-duration')!.textContent = formatSeconds(duration);
  item.querySelector('.clip-delete')!.addEventListener('click', () => {
    URL.revokeObjectURL(url);
    item.remove();
    empty.hidden = list.children.length > 0;
  });

  list.prepend(item);
  empty.hidden = true;
}

recorder.addEventListener('start', () => showStatus('Recording…'));
recorder.addEventListener('error', (event) => showStatus(event.detail.error.message, true));
recorder.addEventListener('stop', (event) => {
  const { reason, duration } = event.detail;
  showStatus(reason === 'max-duration' ? 'Stopped at the time limit.' : `Saved a ${formatSeconds(duration)} clip.`);
  if (event.detail.blob.size > 0) addClip(event.detail);
});
