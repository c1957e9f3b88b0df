// React 19 renders the element itself: properties through JSX, events through `on<event>` props.
import { expect, waitUntil } from '@open-wc/testing';
import { version } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import '../../src/index.js';
import type {} from '../../src/react-jsx.js';
import type { ErrorEventDetail, StartEventDetail, StopEventDetail } from '../../src/events.js';
import { expectDecodedLength, sleep, stubGetUserMedia } from '../helpers.js';

describe('React 19', () => {
  let container: HTMLElement;
  let root: Root;
  let started: StartEventDetail[];
  let chunks: Blob[];
  let stops: StopEventDetail[];
  let errors: ErrorEventDetail[];

  function App({ recording }: { recording: boolean }) {
    return (
      <media-recorder-button
        recording={recording}
        timeslice={250}
        onstart={(event) => started.push(event.detail)}
        ondataavailable={(event) => chunks.push(event.detail.data)}
        onstop={(event) => stops.push(event.detail)}
        onerror={(event) => errors.push(event.detail)}
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

  it('is React 19', () => {
    expect(version).to.match(/^19\./);
  });

  it('starts on recording={true}, stops on recording={false}, and hands the Blob to onstop', async () => {
    root.render(<App recording={true} />);
    await waitUntil(() => started.length === 1, 'no start event reached onstart', { timeout: 5000 });
    const element = container.querySelector('media-recorder-button')!;
    expect(element.timeslice, 'timeslice set as a number property').to.equal(250);
    expect(element.hasAttribute('recording')).to.be.true;
    await sleep(1200);

    root.render(<App recording={false} />);
    await waitUntil(() => stops.length === 1, 'no stop event reached onstop', { timeout: 5000 });
    await sleep(100);
    expect(started.length + stops.length, 'each handler called once').to.equal(2);
    const [{ blob, reason, mimeType, duration }] = stops;
    expect(reason).to.equal('user');
    expect(mimeType).to.equal(started[0].mimeType);
    expect(blob).to.be.instanceOf(Blob);
    expect(blob.type).to.match(/^audio\//);
    expect(chunks.length, 'chunks through ondataavailable').to.be.greaterThan(1);
    await expectDecodedLength(blob, duration);
    expect(errors).to.deep.equal([]);
  });

  it('reports a refused microphone through onerror', async () => {
    const stub = stubGetUserMedia(() => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')));
    try {
      root.render(<App recording={true} />);
      await waitUntil(() => errors.length === 1, 'no error event reached onerror', { timeout: 5000 });
      expect(errors[0].error.name).to.equal('NotAllowedError');
      expect(started).to.deep.equal([]);
      expect(container.querySelector('media-recorder-button')!.recording).to.be.false;
    } finally {
      stub.restore();
    }
  });
});
