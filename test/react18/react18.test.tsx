// React 18 through the wrapper from `media-recorder-button/react`: props set as properties,
// `onStart`, `onDataAvailable`, `onStop`, `onError` listening to the element's events.
import { expect, waitUntil } from '@open-wc/testing';
import { version } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { MediaRecorderButton } from '../../src/react.js';
import type { ErrorEventDetail, StartEventDetail, StopEventDetail } from '../../src/events.js';
import { expectDecodedLength, sleep, stubGetUserMedia } from '../helpers.js';

describe('React 18 with the media-recorder-button/react wrapper', () => {
  let container: HTMLElement;
  let root: Root;
  let started: StartEventDetail[];
  let chunks: Blob[];
  let stops: StopEventDetail[];
  let errors: ErrorEventDetail[];

  function App({ recording }: { recording: boolean }) {
    return (
      <MediaRecorderButton
        recording={recording}
        timeslice={250}
        onStart={(event) => started.push(event.detail)}
        onDataAvailable={(event) => chunks.push(event.detail.data)}
        onStop={(event) => stops.push(event.detail)}
        onError={(event) => errors.push(event.detail)}
      />
    );
  }

  beforeEach(() => {
    [started, chunks, stops, errors] = [[], [], [], []];
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });

  afterEach(() => {
    root.unmount();
    container.remove();
  });

  it('is React 18', () => {
    expect(version).to.match(/^18\./);
  });

  it('registers the element', () => {
    expect(customElements.get('media-recorder-button')).to.exist;
  });

  it('starts on recording={true}, stops on recording={false}, and hands the Blob to onStop', async () => {
    root.render(<App recording={true} />);
    await waitUntil(() => started.length === 1, 'no start event reached onStart', { timeout: 5000 });
    const element = container.querySelector('media-recorder-button')!;
    expect(element.timeslice, 'timeslice set as a number property').to.equal(250);
    await sleep(1200);

    root.render(<App recording={false} />);
    await waitUntil(() => stops.length === 1, 'no stop event reached onStop', { timeout: 5000 });
    const [{ blob, reason, duration }] = stops;
    expect(reason).to.equal('user');
    expect(blob.type).to.match(/^audio\//);
    expect(chunks.length, 'chunks through onDataAvailable').to.be.greaterThan(1);
    expect(duration).to.be.greaterThan(1.1);
    await expectDecodedLength(blob, duration);
    expect(errors).to.deep.equal([]);
  });

  it('reports a refused microphone through onError', async () => {
    const stub = stubGetUserMedia(() => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')));
    try {
      root.render(<App recording={true} />);
      await waitUntil(() => errors.length === 1, 'no error event reached onError', { timeout: 5000 });
      expect(errors[0].error.name).to.equal('NotAllowedError');
      expect(started).to.deep.equal([]);
    } finally {
      stub.restore();
    }
  });
});
