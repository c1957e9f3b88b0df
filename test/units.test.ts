import { expect } from '@open-wc/testing';
import { recorderError } from '../src/errors.js';
import { formatDuration, recordingFileName } from '../src/format.js';
import { chooseMimeType, fileExtension, isWebKit } from '../src/mime-type.js';

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
  it('formats durations as m:ss, with hours when needed', () => {
    expect([0, 0.99, 1, 59.9, 75.4, 3725, -3, NaN].map(formatDuration)).to.deep.equal([
      '0:00', '0:00', '0:01', '0:59', '1:15', '1:02:05', '0:00', '0:00',
    ]);
  });

  it('names recording files by date and type', () => {
    expect(recordingFileName(new Date(2026, 10, 21, 14, 25, 1), 'webm')).to.equal('recording-20261121-142501.webm');
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
