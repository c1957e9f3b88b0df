/**
 * `format`: recordings as WAV, Ogg or MP3 rather than what the browser's recorder makes. Loaded only
 * when the attribute is set, when a recording is asked for.
 */
import { wavHeader } from '../containers/wav.js';
import { isWebKit } from '../recording/mime-type.js';
import { PcmRecorder, wavEncoder, type PcmEncoder } from './pcm-recorder.js';

export type Format = 'wav' | 'ogg' | 'mp3';

export interface FormatOptions {
  format: string;
  /** Positive, or left out (the input's rate). */
  sampleRate?: number;
  channels: 1 | 2;
  audioBitsPerSecond?: number;
}

/** What the recording's controller drives in MediaRecorder's place. */
export type FormatRecorder = Pick<MediaRecorder, 'state' | 'mimeType' | 'start' | 'stop' | 'pause' | 'resume' | 'requestData' | 'addEventListener' | 'removeEventListener'> & {
  /** Milliseconds of sound recorded, where the recorder counts them itself. */
  readonly recordedMs?: number;
};

/** A format this browser can make: the type of its files, and how to start recording a stream in it. */
export interface PreparedFormat {
  mimeType: string;
  open(stream: MediaStream): Promise<FormatRecorder>;
}

const OGG_OPUS = 'audio/ogg;codecs=opus';
const WEBM_OPUS = 'audio/webm;codecs=opus';

const notSupported = (message: string) => new DOMException(message, 'NotSupportedError');

/**
 * Checks, before the microphone is asked for, that this browser can record `options.format`, and says
 * how. Throws a `NotSupportedError` when it cannot.
 */
export function prepareFormat(options: FormatOptions, warn: (message: string) => void): PreparedFormat {
  const { format, channels } = options;
  const pcm = (mimeType: string, encoderFor: (sampleRate: number) => Promise<PcmEncoder>, rates?: readonly number[]): PreparedFormat => {
    if (typeof AudioWorkletNode === 'undefined') throw notSupported(`This browser cannot record ${format.toUpperCase()}: it has no AudioWorklet.`);
    const rateOf = (inputRate: number) => {
      let rate = options.sampleRate ?? inputRate;
      if (rate > inputRate) {
        warn(`ignoring sample-rate="${rate}": above the microphone's ${inputRate} Hz; recording ${inputRate} Hz.`);
        rate = inputRate;
      }
      if (rates && !rates.includes(rate)) {
        const carried = [...rates].reverse().find((r) => r <= rate) ?? rates[0];
        warn(`${format.toUpperCase()} cannot carry ${rate} Hz; recording ${carried} Hz.`);
        rate = carried;
      }
      return rate;
    };
    return { mimeType, open: (stream) => PcmRecorder.open(stream, { channels, rateOf, encoderFor }) };
  };

  switch (format) {
    case 'wav':
      return pcm('audio/wav', async (sampleRate) => wavEncoder(sampleRate, channels, wavHeader));
    case 'mp3':
      return pcm(
        'audio/mpeg',
        async (sampleRate) => {
          const { startMp3Encoder } = await import('./mp3-encoder.js');
          const encoder = await startMp3Encoder({ sampleRate, channels, ...(options.audioBitsPerSecond && { kbps: Math.round(options.audioBitsPerSecond / 1000) }) });
          return { mimeType: 'audio/mpeg', encode: (blocks) => encoder.encode(blocks), finish: () => encoder.finish(), close: () => encoder.close() };
        },
        MP3_RATES,
      );
    case 'ogg': {
      const recorderOptions = { ...(options.audioBitsPerSecond && { audioBitsPerSecond: options.audioBitsPerSecond }) };
      if (typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(OGG_OPUS)) {
        return { mimeType: OGG_OPUS, open: async (stream) => new MediaRecorder(stream, { mimeType: OGG_OPUS, ...recorderOptions }) };
      }
      // WebKit claims WebM that it records broken (see ../recording/mime-type.ts).
      if (typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(WEBM_OPUS) && !isWebKit(navigator.userAgent)) {
        return { mimeType: OGG_OPUS, open: async (stream) => new (await import('./ogg-recorder.js')).OggRemuxRecorder(new MediaRecorder(stream, { mimeType: WEBM_OPUS, ...recorderOptions })) };
      }
      throw notSupported('This browser cannot record Ogg Opus: its recorder makes neither Ogg nor WebM with Opus.');
    }
    default:
      throw notSupported(`format="${format}" is not a format the element can record: use wav, ogg or mp3 (or leave format out).`);
  }
}

/**
 * The rates MPEG audio (MPEG-1, 2 and 2.5 Layer III) carries, as `MP3_SAMPLE_RATES` in ./mp3-encoder.ts:
 * repeated here so that choosing the rate does not load LAME before the microphone is given.
 */
const MP3_RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000] as const;
