// React 18 with the element itself: React 18 neither sets `on<event>` props as listeners nor removes
// them, but keeps them in its props record, from which the element adds them (see src/recording/react-listeners.ts).
// Whatever the React version, each handler must run once per event, also after re-renders with new functions.
import { expect, waitUntil } from '@open-wc/testing';
import { useState, version } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import '../../src/index.js';
import type {} from '../../src/react-jsx.js';
import { sleep } from '../helpers.js';

describe('React 18 with on<event> props on the element', () => {
  let container: HTMLElement;
  let root: Root;

  beforeEach(() => {
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

  it('runs each handler once per event across re-renders', async () => {
    const calls = { start: 0, stop: 0 };
    function App() {
      const [takes, setTakes] = useState(0);
      return (
        <media-recorder-button
          data-takes={takes}
          onstart={() => calls.start++}
          onstop={() => {
            calls.stop++;
            setTakes(takes + 1);
          }}
        />
      );
    }
    root.render(<App />);
    await waitUntil(() => container.querySelector('media-recorder-button'));
    const el = container.querySelector('media-recorder-button')!;
    for (const take of [1, 2, 3]) {
      await el.start();
      await sleep(300);
      await el.stop();
      await waitUntil(() => el.dataset.takes === String(take), `take ${take}: not re-rendered`);
      expect(calls, `after take ${take}`).to.deep.equal({ start: take, stop: take });
    }
  });
});
