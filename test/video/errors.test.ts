import { expect, html } from '@open-wc/testing';
import type { MediaRecorderButton } from '../../src/index.js';
import { MediaRecorderButton as Element } from '../../src/index.js';
import { nextEvent, recorderFixture, sleep } from '../helpers.js';
import { loadVideo, preview, skipWhereWebKitRecordsNoVideo, spyOnCaptureInEachTest } from './video-helpers.js';

/** Starts `el`, expecting one `error` event (the same error start() rejects with), no start and no stop. */
async function expectFailure(el: MediaRecorderButton, name: string) {
  const events: string[] = [];
  for (const type of ['start', 'stop']) el.addEventListener(type, () => events.push(type));
  const failed = nextEvent(el, 'error');
  const rejection = await el.start().then(
    () => null,
    (error: DOMException) => error,
  );
  const { error } = (await failed).detail;
  expect(error.name).to.equal(name);
  expect(rejection).to.equal(error);
  expect(events).to.deep.equal([]);
  await el.updateComplete;
  expect(el.state).to.equal('inactive');
  expect(preview(el)).to.be.null;
  return error;
}

/** A getUserMedia that fails with `name` when asked for the camera, and works otherwise. */
function failCamera(name: string, message: string) {
  const mediaDevices = navigator.mediaDevices;
  const real = mediaDevices.getUserMedia;
  mediaDevices.getUserMedia = (constraints) =>
    constraints?.video ? Promise.reject(new DOMException(message, name)) : real.call(mediaDevices, constraints);
  return () => (mediaDevices.getUserMedia = real);
}

describe('camera and screen errors', () => {
  const capture = spyOnCaptureInEachTest();

  it('no camera: NotFoundError that says to connect one', async () => {
    const restore = failCamera('NotFoundError', 'Requested device not found');
    try {
      const el = await recorderFixture(html`<media-recorder-button source="camera"></media-recorder-button>`);
      const error = await expectFailure(el, 'NotFoundError');
      expect(error.message).to.match(/^No camera was found\. Connect a camera/);
      expect(el.shadowRoot!.querySelector('[part=message]')!.textContent).to.contain('No camera was found');
    } finally {
      restore();
    }
  });

  it('no microphone, a camera there: NotFoundError that names the microphone, not the camera', async () => {
    const mediaDevices = navigator.mediaDevices;
    const real = { getUserMedia: mediaDevices.getUserMedia, enumerateDevices: mediaDevices.enumerateDevices };
    mediaDevices.getUserMedia = (constraints) =>
      constraints?.audio ? Promise.reject(new DOMException('Requested device not found', 'NotFoundError')) : real.getUserMedia.call(mediaDevices, constraints);
    mediaDevices.enumerateDevices = async () =>
      (await real.enumerateDevices.call(mediaDevices)).filter((device) => device.kind !== 'audioinput');
    try {
      expect((await mediaDevices.enumerateDevices()).some((device) => device.kind === 'videoinput'), 'a camera').to.be.true;
      const el = await recorderFixture(html`<media-recorder-button source="camera"></media-recorder-button>`);
      const error = await expectFailure(el, 'NotFoundError');
      expect(error.message).to.match(/^No microphone was found/);
      expect(error.message).not.to.contain('camera');
      expect(el.shadowRoot!.querySelector('[part=message]')!.textContent).not.to.contain('No camera');
    } finally {
      Object.assign(mediaDevices, real);
    }
  });

  it('camera busy: NotReadableError that says to close what uses it', async () => {
    const restore = failCamera('NotReadableError', 'Could not start video source');
    try {
      const el = await recorderFixture(html`<media-recorder-button source="camera"></media-recorder-button>`);
      const error = await expectFailure(el, 'NotReadableError');
      expect(error.message).to.match(/camera could not be started.*Close it/);
    } finally {
      restore();
    }
  });

  it('a camera that does not exist (real browser): OverconstrainedError that names video-device-id', async () => {
    const el = await recorderFixture(html`<media-recorder-button source="camera" video-device-id="no-such-camera"></media-recorder-button>`);
    const error = await expectFailure(el, 'OverconstrainedError');
    expect(error.message).to.match(/chosen camera.*video-device-id/);
    expect(capture.liveTracks()).to.have.length(0);
  });

  it('a facing mode or resolution the camera cannot give: records what it has (real browser)', async function () {
    await skipWhereWebKitRecordsNoVideo(this);
    const el = await recorderFixture(
      html`<media-recorder-button source="camera" facing-mode="environment" resolution="100000" frame-rate="1000"></media-recorder-button>`,
    );
    await el.start();
    await sleep(400);
    const { video, done } = await loadVideo((await el.stop())!);
    expect(video.videoWidth).to.be.greaterThan(0);
    done();
    expect(capture.liveTracks()).to.have.length(0);
  });

  it('MediaRecorder failing to start releases the camera and the microphone', async () => {
    const Real = window.MediaRecorder;
    window.MediaRecorder = class extends Real {
      override start(): void {
        throw new DOMException('no encoder', 'NotSupportedError');
      }
    };
    try {
      const el = await recorderFixture(html`<media-recorder-button source="camera"></media-recorder-button>`);
      await expectFailure(el, 'NotSupportedError');
      expect(capture.streams.flatMap((stream) => stream.getVideoTracks())).to.have.length(1);
      expect(capture.liveTracks()).to.have.length(0);
    } finally {
      window.MediaRecorder = Real;
    }
  });

  it('MediaRecorder failing mid-recording delivers the video so far and releases every track', async () => {
    const made: MediaRecorder[] = [];
    const Real = window.MediaRecorder;
    window.MediaRecorder = class extends Real {
      constructor(stream: MediaStream, options?: MediaRecorderOptions) {
        super(stream, options);
        made.push(this);
      }
    };
    try {
      const el = await recorderFixture(html`<media-recorder-button source="camera" timeslice="200"></media-recorder-button>`);
      await el.start();
      await sleep(700);
      const stopped = nextEvent(el, 'stop');
      made[0].dispatchEvent(new ErrorEvent('error', { error: new DOMException('encoder died', 'UnknownError') }));
      const { detail } = await stopped;
      expect(detail.reason).to.equal('error');
      expect(detail.blob.type).to.match(/^video\//);
      expect(capture.liveTracks()).to.have.length(0);
    } finally {
      window.MediaRecorder = Real;
    }
  });

  it('the screen picker cancelled: NotAllowedError, no microphone asked for, the microphone not thought blocked', async () => {
    const mediaDevices = navigator.mediaDevices;
    const real = mediaDevices.getDisplayMedia;
    mediaDevices.getDisplayMedia = () => Promise.reject(new DOMException('Permission denied by user', 'NotAllowedError'));
    // The picker needs a user gesture: the element checks for one before it opens the picker.
    Object.defineProperty(navigator, 'userActivation', { value: { isActive: true, hasBeenActive: true }, configurable: true });
    try {
      const el = await recorderFixture(html`<media-recorder-button source="screen"></media-recorder-button>`);
      const error = await expectFailure(el, 'NotAllowedError');
      expect(error.message).to.match(/^Screen sharing was cancelled or blocked/);
      expect(capture.userMedia).to.have.length(0);
      expect(el.getAttribute('permission')).not.to.equal('denied');
      expect(el.shadowRoot!.querySelector('[part=message]')!.textContent).to.contain('Screen sharing was cancelled');
    } finally {
      mediaDevices.getDisplayMedia = real;
      delete (navigator as { userActivation?: unknown }).userActivation;
    }
  });

  it('no screen sharing in this browser (phones): NotSupportedError that says so', async () => {
    const mediaDevices = navigator.mediaDevices as { getDisplayMedia?: unknown };
    const real = mediaDevices.getDisplayMedia;
    mediaDevices.getDisplayMedia = undefined;
    try {
      const el = await recorderFixture(html`<media-recorder-button source="screen"></media-recorder-button>`);
      const error = await expectFailure(el, 'NotSupportedError');
      expect(error.message).to.match(/^This browser cannot record the screen/);
      expect(capture.userMedia).to.have.length(0);
    } finally {
      mediaDevices.getDisplayMedia = real;
    }
  });

  it('an unknown source: one console warning, and the microphone alone', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const el = await recorderFixture(html`<media-recorder-button source="webcam"></media-recorder-button>`);
      const started = nextEvent(el, 'start');
      await el.start();
      expect((await started).detail.mimeType).to.match(/^audio\//);
      await el.updateComplete;
      expect(preview(el)).to.be.null;
      expect(warnings.filter((warning) => warning.includes('source="webcam"'))).to.have.length(1);
      await el.stop();
    } finally {
      console.warn = warn;
    }
  });

  it('getVideoInputs() lists the cameras', async () => {
    const cameras = await Element.getVideoInputs({ labels: true });
    expect(cameras.length).to.be.greaterThan(0);
    expect(cameras.every((camera) => camera.kind === 'videoinput' && camera.label)).to.be.true;
    expect(capture.liveTracks()).to.have.length(0);
  });
});
