// Chromium only: its fake devices give a screen (800×450) and the shared screen's sound, accepted
// without a picker. The picker needs a user gesture: these tests click with a real (trusted) click.
import { expect, html } from '@open-wc/testing';
import type { MediaRecorderButton } from '../../src/index.js';
import { decodedDuration, nextEvent, recorderFixture, sleep, until } from '../helpers.js';
import { centrePixel, clickButton, loadVideo, preview, seek, spyOnCapture, spyOnCaptureInEachTest } from '../video/video-helpers.js';

async function clickToRecord(el: MediaRecorderButton) {
  const started = nextEvent(el, 'start');
  await clickButton(el);
  return (await started).detail;
}

describe('source="screen"', () => {
  const capture = spyOnCaptureInEachTest();

  it('records the picked screen with the microphone and the screen’s sound mixed into one audio track', async () => {
    const el = await recorderFixture(html`<media-recorder-button source="screen"></media-recorder-button>`);
    expect(el.shadowRoot!.querySelector('[part=label]')!.textContent).to.equal('Start screen recording');
    const start = await clickToRecord(el);
    expect(start.mimeType).to.match(/^video\/(webm|mp4)/);
    expect(capture.displayMedia).to.have.length(1);
    expect(capture.displayMedia[0]!.audio, 'the screen’s sound is asked for').to.equal(true);
    expect(capture.userMedia.map((constraints) => Boolean(constraints!.audio && !constraints!.video))).to.deep.equal([true]);

    const sources = capture.streams.flatMap((stream) => stream.getAudioTracks());
    expect(sources, 'a microphone and the screen’s sound').to.have.length(2);
    const [recorded] = el.stream!.getAudioTracks();
    expect(el.stream!.getAudioTracks()).to.have.length(1);
    expect(sources, 'the recorded audio is a mix, not one of the sources').not.to.include(recorded);

    await el.updateComplete;
    const live = preview(el)!;
    await until(() => live.videoWidth > 0);
    expect([live.videoWidth, live.videoHeight]).to.deep.equal([800, 450]);
    expect(live.style.transform, 'a screen is never mirrored').to.equal('');
    expect((await centrePixel(live))[3]).to.equal(255);

    await sleep(1500);
    const stopped = nextEvent(el, 'stop');
    await clickButton(el);
    const { detail } = await stopped;
    expect(detail.reason).to.equal('user');
    expect(capture.liveTracks(), 'screen, its sound and the microphone released').to.have.length(0);
    expect(recorded.readyState, 'the mixed track ended').to.equal('ended');
    await el.updateComplete;
    expect(preview(el)).to.be.null;

    const { video, done } = await loadVideo(detail.blob);
    try {
      expect([video.videoWidth, video.videoHeight]).to.deep.equal([800, 450]);
      // At least the time recorded: on a busy machine the recorder starts before the `start` event is
      // handled, which `duration` counts from (0.43 s more in the file seen with two runs at once).
      expect(video.duration).to.be.within(detail.duration - 0.3, detail.duration + 1.5);
      expect(await seek(video, detail.duration / 2)).to.be.closeTo(detail.duration / 2, 0.2);
    } finally {
      done();
    }
    // The mix runs on an AudioContext of its own, which a busy machine may start half a second late.
    expect(await decodedDuration(detail.blob)).to.be.within(detail.duration - 0.6, detail.duration + 0.35);
  });

  it('ends with source-ended and every byte when the user stops sharing', async () => {
    const el = await recorderFixture(html`<media-recorder-button source="screen" timeslice="250"></media-recorder-button>`);
    const chunks: Blob[] = [];
    el.addEventListener('dataavailable', (event) => chunks.push(event.detail.data));
    await clickToRecord(el);
    await sleep(1200);
    const stopped = nextEvent(el, 'stop');
    // What the browser's own "Stop sharing" does: the screen's tracks end.
    capture.streams.find((stream) => stream.getVideoTracks().length)!.getTracks().forEach((track) => track.stop());
    const { detail } = await stopped;
    expect(detail.reason).to.equal('source-ended');
    expect(detail.blob.size).to.be.at.least(chunks.reduce((sum, chunk) => sum + chunk.size, 0));
    const { video, done } = await loadVideo(detail.blob);
    try {
      expect(video.videoWidth).to.equal(800);
      // At least the time recorded: on a busy machine the screen's first frames may come before the `start` event.
      expect(video.duration, 'a timesliced recording gets a duration').to.be.within(detail.duration - 0.3, detail.duration + 1.5);
    } finally {
      done();
    }
    expect(capture.liveTracks(el), 'the microphone and the mix too').to.have.length(0);
    await el.updateComplete;
    expect(el.hasAttribute('recording')).to.be.false;
  });

  it('releases every track when removed mid-recording, and after max-duration', async () => {
    const el = await recorderFixture(html`<media-recorder-button source="screen"></media-recorder-button>`);
    await clickToRecord(el);
    const stream = el.stream!;
    const stopped = nextEvent(el, 'stop');
    el.remove();
    expect((await stopped).detail.reason).to.equal('disconnected');
    expect(capture.liveTracks(undefined, [stream])).to.have.length(0);

    const limited = await recorderFixture(html`<media-recorder-button source="screen" max-duration="1"></media-recorder-button>`);
    const ended = nextEvent(limited, 'stop');
    await clickToRecord(limited);
    const limitedStream = limited.stream!;
    expect((await ended).detail.reason).to.equal('max-duration');
    expect(capture.liveTracks(undefined, [limitedStream])).to.have.length(0);
  });

});

describe('source="screen" when the microphone fails after the screen was picked', () => {
  it('reports the microphone’s error and stops sharing the screen', async () => {
    const capture = spyOnCapture();
    const mediaDevices = navigator.mediaDevices;
    const real = mediaDevices.getUserMedia;
    mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
    try {
      const el = await recorderFixture(html`<media-recorder-button source="screen"></media-recorder-button>`);
      const failed = nextEvent(el, 'error');
      await clickButton(el);
      const { error } = (await failed).detail;
      expect(error.name).to.equal('NotFoundError');
      expect(error.message).to.match(/^No microphone was found/);
      expect(capture.displayMedia).to.have.length(1);
      expect(capture.liveTracks(), 'the screen is no longer shared').to.have.length(0);
      await el.updateComplete;
      expect(el.state).to.equal('inactive');
    } finally {
      mediaDevices.getUserMedia = real;
      capture.restore();
    }
  });
});
