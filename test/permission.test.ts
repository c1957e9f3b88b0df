import { expect, fixture, html } from '@open-wc/testing';
import type { MediaRecorderButton } from '../src/index.js';
import { recorderFixture, sleep, stubMicrophonePermission, until } from './helpers.js';

const message = (el: MediaRecorderButton) => el.shadowRoot!.querySelector('[part=message]') as HTMLElement;

describe('permission attribute', () => {
  it('shows what the Permissions API says and ignores writes', async () => {
    const { state } = await navigator.permissions.query({ name: 'microphone' as PermissionName });
    const el = await recorderFixture();
    // The browser answers the element's own query when it can: on a busy machine, well after 50 ms.
    await until(() => el.permission !== 'unknown', 10000);
    await el.updateComplete;
    expect(el.permission).to.equal(state);
    expect(el.getAttribute('permission')).to.equal(state);
    (el as unknown as { permission: string }).permission = state === 'denied' ? 'granted' : 'denied';
    expect(el.permission).to.equal(state);
  });

  describe('with a permission the test controls', () => {
    let permission: ReturnType<typeof stubMicrophonePermission>;
    afterEach(() => permission.restore());

    it('follows live changes, and explains how to allow the microphone while denied', async () => {
      permission = stubMicrophonePermission('prompt');
      const el = await recorderFixture();
      await sleep(0);
      await el.updateComplete;
      expect(el.getAttribute('permission')).to.equal('prompt');
      expect(message(el).hidden).to.be.true;

      permission.change('denied');
      await el.updateComplete;
      expect(el.getAttribute('permission')).to.equal('denied');
      expect(el.matches('[permission=denied]')).to.be.true;
      expect(message(el).hidden).to.be.false;
      expect(message(el).textContent).to.match(/Allow the microphone for this site/);

      permission.change('granted');
      await el.updateComplete;
      expect(el.getAttribute('permission')).to.equal('granted');
      expect(message(el).hidden).to.be.true;
    });

    it('listens for changes only while connected', async () => {
      permission = stubMicrophonePermission('prompt');
      const container = await fixture<HTMLDivElement>(html`<div><media-recorder-button></media-recorder-button></div>`);
      const el = container.querySelector('media-recorder-button')!;
      await sleep(0);
      expect(permission.listeners()).to.equal(1);
      el.remove();
      expect(permission.listeners()).to.equal(0);
      permission.change('denied');
      container.append(el);
      await sleep(0);
      await el.updateComplete;
      expect(permission.listeners()).to.equal(1);
      expect(el.getAttribute('permission'), 'queried again on reconnect').to.equal('denied');
    });

    it('is unknown where the browser cannot query the microphone permission, until a request answers', async () => {
      permission = stubMicrophonePermission('throws');
      const el = await recorderFixture();
      await sleep(0);
      await el.updateComplete;
      expect(el.getAttribute('permission')).to.equal('unknown');
      await el.start();
      await el.updateComplete;
      expect(el.getAttribute('permission')).to.equal('granted');
      await el.stop();
    });

    it('becomes granted once the microphone was given, whatever the query said', async () => {
      permission = stubMicrophonePermission('prompt');
      const el = await recorderFixture();
      await sleep(0);
      await el.start();
      await el.updateComplete;
      expect(el.getAttribute('permission')).to.equal('granted');
      await el.stop();
    });
  });
});
