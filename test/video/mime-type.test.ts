import { expect } from '@open-wc/testing';
import { fileExtension } from '../../src/recording/mime-type.js';
import { chooseVideoMimeType } from '../../src/recording/video/mime-type.js';

const supports = (types: string[]) => (type: string) => types.includes(type);
// What each engine's MediaRecorder answers (measured: Chromium 156, Firefox ESR 153; Safari records MP4 with AAC).
const chromium = supports(['video/mp4;codecs=avc1,opus', 'video/mp4', 'video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm']);
const firefox = supports(['video/webm;codecs=vp8,opus', 'video/webm']);
const safari = supports(['video/mp4;codecs=avc1,mp4a.40.2', 'video/mp4', 'video/webm']);

describe('the video container', () => {
  it('is MP4 with H.264 where the browser records it, for playback on phones; WebM otherwise', () => {
    expect(chooseVideoMimeType(undefined, chromium, false)).to.equal('video/mp4;codecs=avc1,opus');
    expect(chooseVideoMimeType(undefined, firefox, false)).to.equal('video/webm;codecs=vp8,opus');
    expect(chooseVideoMimeType(undefined, safari, true)).to.equal('video/mp4;codecs=avc1,mp4a.40.2');
    expect(chooseVideoMimeType(undefined, supports(['video/mp4', 'video/webm']), true)).to.equal('video/mp4');
    expect(chooseVideoMimeType(undefined, supports([]), false)).to.equal('');
  });

  it('is the page’s choice when it is a video type the browser records, never an audio type', () => {
    expect(chooseVideoMimeType('video/webm;codecs=vp8,opus', chromium, false)).to.equal('video/webm;codecs=vp8,opus');
    expect(chooseVideoMimeType('audio/webm;codecs=opus', () => true, false)).to.equal('video/mp4;codecs=avc1,mp4a.40.2');
    expect(chooseVideoMimeType('video/x-unknown', firefox, false)).to.equal('video/webm;codecs=vp8,opus');
  });

  it('names MP4 video files .mp4 (and MP4 audio .m4a)', () => {
    expect(fileExtension('video/mp4;codecs=avc1,opus')).to.equal('mp4');
    expect(fileExtension('video/webm;codecs=vp9,opus')).to.equal('webm');
    expect(fileExtension('audio/mp4')).to.equal('m4a');
  });
});
