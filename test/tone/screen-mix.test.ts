// The microphone here plays a continuous 1 kHz tone (see the chromium-tone group). Chromium's fake
// screen sound plays the same file, so the screen's sound is replaced by a 300 Hz tone: both must
// be heard in the recording.
import { expect, html } from '@open-wc/testing';
import { power } from '../audio-analysis.js';
import { nextEvent, recorderFixture, sleep } from '../helpers.js';
import { clickButton } from '../video/video-helpers.js';

describe('a screen recording’s sound', () => {
  it('carries the microphone and the screen’s sound, mixed', async () => {
    const mediaDevices = navigator.mediaDevices;
    const getDisplayMedia = mediaDevices.getDisplayMedia;
    const tones = new AudioContext();
    const oscillator = new OscillatorNode(tones, { frequency: 300 });
    const screenSound = tones.createMediaStreamDestination();
    oscillator.connect(new GainNode(tones, { gain: 0.3 })).connect(screenSound);
    oscillator.start();
    const opened: MediaStream[] = [];
    mediaDevices.getDisplayMedia = async (options) => {
      const display = await getDisplayMedia.call(mediaDevices, options);
      display.getAudioTracks().forEach((track) => track.stop());
      opened.push(display);
      return new MediaStream([...display.getVideoTracks(), ...screenSound.stream.getAudioTracks()]);
    };
    try {
      const el = await recorderFixture(html`<media-recorder-button source="screen"></media-recorder-button>`);
      const started = nextEvent(el, 'start');
      await clickButton(el);
      await started;
      await sleep(2000);
      const { blob } = (await Promise.all([nextEvent(el, 'stop'), el.stop()]))[0].detail;
      const audio = await new OfflineAudioContext(1, 1, 48000).decodeAudioData(await blob.arrayBuffer());
      const middle = audio.getChannelData(0).subarray(Math.round(audio.sampleRate * 0.5), Math.round(audio.sampleRate * 1.5));
      const [voice, screen, neither] = [1000, 300, 2300].map((frequency) => power(middle, audio.sampleRate, frequency));
      // A tone of amplitude 0.01 measures 2.5e-5; a tone that is not there, under 1e-9.
      expect(voice, 'the microphone is heard').to.be.greaterThan(1e-6);
      expect(screen, 'the screen’s sound is heard').to.be.greaterThan(1e-6);
      expect(neither, 'and nothing else').to.be.lessThan(1e-8);
      expect(opened.flatMap((stream) => stream.getTracks()).filter((track) => track.readyState === 'live')).to.have.length(0);
    } finally {
      mediaDevices.getDisplayMedia = getDisplayMedia;
      oscillator.stop();
      await tones.close();
    }
  });
});
