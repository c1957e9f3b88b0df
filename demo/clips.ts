// A list of recorded clips: name, play, download, delete. Shared by the demo pages.
import type { StopEventDetail } from 'media-recorder-button';

/** Whole seconds as the element's readout shows them: `00:04`, `01:15`. */
export function formatSeconds(seconds: number): string {
  const pad = (n: number) => String(Math.floor(n)).padStart(2, '0');
  return `${pad(seconds / 60)}:${pad(seconds % 60)}`;
}

const extension = (mimeType: string) => ({ webm: 'webm', ogg: 'ogg', mp4: mimeType.startsWith('video') ? 'mp4' : 'm4a', wav: 'wav', mpeg: 'mp3' })[mimeType.split(/[/;]/)[1]] ?? 'bin';

/** Adds each recording to `list` (newest first) from a `<template>` with an input, a player, a download link and a delete button. */
export function clipList(list: HTMLElement, empty: HTMLElement, template: HTMLTemplateElement, prefix = 'Clip') {
  let count = 0;
  return function addClip({ blob, duration, mimeType }: StopEventDetail): void {
    count++;
    const url = URL.createObjectURL(blob);
    const item = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
    const name = item.querySelector('input')!;
    const player = item.querySelector<HTMLMediaElement>('audio, video')!;
    const download = item.querySelector<HTMLAnchorElement>('.clip-download')!;
    const setFileName = () => (download.download = `${name.value.trim() || 'clip'}.${extension(mimeType)}`);
    name.value = `${prefix} ${count}`;
    name.addEventListener('input', setFileName);
    setFileName();
    player.src = url;
    download.href = url;
    item.querySelector('.clip-duration')!.textContent = formatSeconds(duration);
    const kind = item.querySelector('.clip-kind');
    if (kind) kind.textContent = `${mimeType.startsWith('video') ? 'Video' : 'Audio'}, ${extension(mimeType).toUpperCase()}`;
    item.querySelector('.clip-delete')!.addEventListener('click', () => {
      URL.revokeObjectURL(url);
      item.remove();
      empty.hidden = list.children.length > 0;
    });
    list.prepend(item);
    empty.hidden = true;
  };
}
