import { expect } from '@open-wc/testing';
import { recorderError } from '../src/recording/errors.js';
import { formatDuration } from '../src/format.js';
import { spokenDuration } from '../src/recording/spoken-duration.js';
import { chooseMimeType, fileExtension, isWebKit, recordingFile, recordingFileName } from '../src/recording/mime-type.js';

describe('chooseMimeType', () => {
  const supports = (...types: string[]) => (type: string) => types.includes(type);

  it('keeps a supported preference', () => {
    expect(chooseMimeType('audio/ogg;codecs=opus', supports('audio/ogg;codecs=opus', 'audio/webm;codecs=opus'))).to.equal(
      'audio/ogg;codecs=opus',
    );
  });

  it('falls back through the ranked list, then to the browser default', () => {
    expect(chooseMimeType('audio/x-nope', supports('audio/ogg;codecs=opus'))).to.equal('audio/ogg;codecs=opus');
    expect(chooseMimeType(undefined, supports('audio/webm;codecs=opus', 'audio/mp4'))).to.equal('audio/webm;codecs=opus');
    expect(chooseMimeType('audio/x-nope', supports())).to.equal('');
  });

  it('prefers MP4 on WebKit, whose WebM is broken', () => {
    expect(chooseMimeType(undefined, supports('audio/webm;codecs=opus', 'audio/mp4'), true)).to.equal('audio/mp4');
  });

  it('treats a throwing isTypeSupported as unsupported', () => {
    expect(
      chooseMimeType('bad', (type) => {
        if (type === 'bad') throw new Error('nope');
        return type === 'audio/mp4';
      }),
    ).to.equal('audio/mp4');
  });
});

describe('isWebKit', () => {
  it('tells Safari and iOS browsers from Chrome, Edge, Firefox and Android', () => {
    const safari = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
    const iosChrome = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0 Mobile/15E148 Safari/604.1';
    const chrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0';
    expect([safari, iosChrome, chrome, firefox].map(isWebKit)).to.deep.equal([true, true, false, false]);
  });
});

describe('fileExtension', () => {
  it('maps recorded types to file extensions', () => {
    expect(['audio/webm;codecs=opus', 'audio/ogg; codecs=opus', 'audio/mp4', 'audio/wav', ''].map(fileExtension)).to.deep.equal([
      'webm',
      'ogg',
      'm4a',
      'wav',
      'bin',
    ]);
  });
});

describe('format', () => {
  /** Runs `test` as in a browser without Intl.DurationFormat. */
  function withoutDurationFormat(test: () => void) {
    const intl = Intl as unknown as { DurationFormat?: unknown };
    const DurationFormat = intl.DurationFormat;
    delete intl.DurationFormat;
    try {
      test();
    } finally {
      intl.DurationFormat = DurationFormat;
    }
  }

  it('formats the readout as a digital clock, with hours when needed', () => {
    const readouts = [0, 0.99, 1, 59.9, 75.4, 3725, -3, NaN].map((seconds) => formatDuration(seconds, 'en'));
    expect(readouts).to.deep.equal(['00:00', '00:00', '00:01', '00:59', '01:15', '1:02:05', '00:00', '00:00']);
    withoutDurationFormat(() => {
      expect([0, 75.4, 3725].map((seconds) => formatDuration(seconds, 'en'))).to.deep.equal(['00:00', '01:15', '1:02:05']);
    });
  });

  it("writes the readout in the locale's digits and separators", () => {
    expect(formatDuration(65, 'ar-EG')).to.equal('٠١:٠٥');
    expect(formatDuration(3665, 'fi')).to.equal('1.01.05');
    withoutDurationFormat(() => expect(formatDuration(65, 'ar-EG')).to.equal('01:05'));
  });

  it('falls back to the default locale when the page names an invalid one', () => {
    expect(formatDuration(65, 'not a locale!')).to.match(/01.05/);
  });

  it('says durations in words in the locale', () => {
    expect(spokenDuration(0, 'en')).to.equal('0 seconds');
    expect(spokenDuration(1, 'en')).to.equal('1 second');
    expect(spokenDuration(60, 'en')).to.equal('1 minute');
    expect(spokenDuration(75.4, 'en')).to.equal('1 minute, 15 seconds');
    expect(spokenDuration(5, 'de')).to.equal('5 Sekunden');
    withoutDurationFormat(() => {
      expect(spokenDuration(0, 'en')).to.equal('0 seconds');
      expect(spokenDuration(75.4, 'en')).to.equal('75 seconds');
      expect(spokenDuration(3601, 'de')).to.equal('3.601 Sekunden');
    });
  });

  it('names recording files by date and type', () => {
    expect(recordingFileName(new Date(2026, 10, 21, 14, 25, 1), 'webm')).to.equal('recording-20261121-142501.webm');
  });

  it('makes a File of a recording, typed and named by its container', () => {
    const file = recordingFile(new Blob(['x'], { type: 'audio/mp4' }), new Date(2026, 0, 2, 3, 4, 5));
    expect(file.name).to.equal('recording-20260102-030405.m4a');
    expect(file.type).to.equal('audio/mp4');
    expect(file.size).to.equal(1);
  });
});

describe('recorderError', () => {
  it('keeps the DOMException name and says what to do', () => {
    const error = recorderError(new DOMException('Permission denied', 'NotAllowedError'));
    expect(error).to.be.instanceOf(DOMException);
    expect(error.name).to.equal('NotAllowedError');
    expect(error.message).to.match(/Allow the microphone/);
    expect(error.message).to.contain('Permission denied');
  });

  it('names plain errors with the fallback', () => {
    expect(recorderError(new TypeError('bad constraints')).name).to.equal('NotReadableError');
    expect(recorderError('weird', 'NotSupportedError').name).to.equal('NotSupportedError');
  });
});
