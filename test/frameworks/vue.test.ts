// Vue 3 with a template compiled in the browser: `isCustomElement` tells the compiler the tag is
// not a Vue component, `:recording` sets the property, `@stop` listens to the event.
import { expect, waitUntil } from '@open-wc/testing';
import { createApp, nextTick, ref, version, type App } from 'vue';
import '../../src/index.js';
import type { MediaRecorderButton, StartEventDetail, StopEventDetail } from '../../src/index.js';
import { expectDecodedLength, sleep } from '../helpers.js';

describe('Vue 3', () => {
  let app: App;
  let container: HTMLElement;

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });

  afterEach(() => {
    app.unmount();
    container.remove();
  });

  it('is Vue 3', () => {
    app = createApp({ template: '<p></p>' });
    expect(version).to.match(/^3\./);
  });

  it('records with :recording and hands the Blob to @stop', async () => {
    const recording = ref(false);
    const started: StartEventDetail[] = [];
    const blobs: Blob[] = [];
    const stops: StopEventDetail[] = [];
    const warnings: string[] = [];
    app = createApp({
      template: `
        <media-recorder-button
          :recording="recording"
          :timeslice="250"
          @start="e => started.push(e.detail)"
          @stop="e => { blobs.push(e.detail.blob); stops.push(e.detail) }"
        ></media-recorder-button>`,
      setup: () => ({ recording, started, blobs, stops }),
    });
    app.config.compilerOptions.isCustomElement = (tag) => tag === 'media-recorder-button';
    app.config.warnHandler = (message) => void warnings.push(message);
    app.mount(container);

    const element = container.querySelector<MediaRecorderButton>('media-recorder-button')!;
    expect(element, 'rendered as the custom element').to.be.instanceOf(customElements.get('media-recorder-button')!);
    expect(element.timeslice, ':timeslice set as a number property').to.equal(250);

    recording.value = true;
    await waitUntil(() => started.length === 1, 'no start event reached @start', { timeout: 5000 });
    await sleep(1200);
    recording.value = false;
    await nextTick();
    await waitUntil(() => blobs.length === 1, 'no stop event reached @stop', { timeout: 5000 });

    expect(stops[0].reason).to.equal('user');
    expect(blobs[0].type).to.match(/^audio\//);
    await expectDecodedLength(blobs[0], stops[0].duration);
    expect(element.recording).to.be.false;
    expect(warnings, 'no "failed to resolve component" warning').to.deep.equal([]);
  });
});
