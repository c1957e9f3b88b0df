// A list of recorded clips: name, play, download, delete. Shared by the demo pages.
import type { StopEventDetail } from 'media-recorder-button';

export function formatSeconds(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
}

const extension = (mimeType: string) => ({ webm: 'webm', ogg: 'ogg', mp4: mimeType.startsWith('video') ? 'mp4' : 'm4a' })[mimeType.split(/[/;]/)[1]] ?? 'bin';

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
    item.querySelector('.clip-delete')!.addEventListener('click', () => {
      URL.revokeObjectURL(url);
      item.remove();
      empty.hidden = list.children.length > 0;
    });
    list.prepend(item);
    empty.hidden = true;
  };
}
