import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { MediaRecorderButton } from '../src/index.js';
import { nextEvent, sleep, spyOnGetUserMedia } from './helpers.js';

async function formFixture(template = html`<form><media-recorder-button name="answer"></media-recorder-button></form>`) {
  const form = await fixture<HTMLFormElement>(template);
  return { form, el: form.querySelector('media-recorder-button') as MediaRecorderButton };
}

/** The extension a recording of `type` is named with: WebM (Chromium), Ogg (Firefox), MP4 audio (WebKit). */
function expectedExtension(type: string) {
  const container = /^audio\/(webm|ogg|mp4)\b/.exec(type)?.[1];
  expect(container, `a recording's type: ${type}`).to.exist;
  return { webm: 'webm', ogg: 'ogg', mp4: 'm4a' }[container!];
}

async function record(el: MediaRecorderButton, ms = 700): Promise<Blob> {
  await el.start();
  await sleep(ms);
  const blob = await el.stop();
  await el.updateComplete;
  return blob!;
}

describe('form control', () => {
  let microphone: ReturnType<typeof spyOnGetUserMedia>;
  beforeEach(() => {
    microphone = spyOnGetUserMedia();
  });
  afterEach(() => microphone.restore());

  it('puts the last recording into FormData as a File named by date with the matching extension', async () => {
    const { form, el } = await formFixture();
    expect(new FormData(form).has('answer')).to.be.false;
    expect(el.form).to.equal(form);

    const blob = await record(el);
    const file = new FormData(form).get('answer') as File;
    expect(file).to.be.instanceOf(File);
    expect(file.type).to.equal(blob.type);
    expect(file.name).to.match(/^recording-\d{8}-\d{6}\.\w+$/);
    expect(file.name.split('.').pop()).to.equal(expectedExtension(file.type));
    expect(file.size).to.equal(blob.size);
    expect(new Uint8Array(await file.arrayBuffer())).to.deep.equal(new Uint8Array(await blob.arrayBuffer()));
  });

  it('submits the recording with a real form post', async () => {
    const container = await fixture<HTMLDivElement>(html`
      <div>
        <form action="/echo-form" method="post" enctype="multipart/form-data" target="echo">
          <input name="title" value="Answer 1" />
          <media-recorder-button name="answer"></media-recorder-button>
        </form>
        <iframe name="echo" title="Form response"></iframe>
      </div>
    `);
    const form = container.querySelector('form')!;
    const el = form.querySelector('media-recorder-button')!;
    const blob = await record(el);

    let submitted: FormData | null = null;
    form.addEventListener('submit', (event) => (submitted = new FormData(form, event.submitter)), { once: true });
    const frame = container.querySelector('iframe')!;
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    form.requestSubmit();
    await loaded;

    expect((submitted!.get('answer') as File).size).to.equal(blob.size);
    const received = JSON.parse(frame.contentDocument!.body.textContent!);
    expect(received.title).to.equal('Answer 1');
    expect(received.answer.name).to.match(/^recording-\d{8}-\d{6}\.\w+$/);
    expect(received.answer.name.split('.').pop()).to.equal(expectedExtension(blob.type));
    expect(received.answer.type).to.equal(blob.type);
    expect(received.answer.size).to.equal(blob.size);
  });

  it('is invalid while required and empty, with a message at the button, and valid once recorded', async () => {
    const { form, el } = await formFixture(
      html`<form><media-recorder-button name="answer" required></media-recorder-button></form>`,
    );
    expect(el.willValidate).to.be.true;
    expect(form.checkValidity()).to.be.false;
    expect(el.validity!.valueMissing).to.be.true;
    expect(el.validationMessage).to.equal('Please make a recording.');
    expect(el.matches(':invalid')).to.be.true;

    let submitted = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submitted = true;
    });
    form.requestSubmit();
    expect(submitted, 'an invalid form is not submitted').to.be.false;
    // The browser focuses the inner button, so that the user can record right away.
    expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelector('button'));

    await record(el);
    expect(el.validity!.valid).to.be.true;
    expect(el.validationMessage).to.equal('');
    expect(el.matches(':valid')).to.be.true;
    form.requestSubmit();
    expect(submitted).to.be.true;
  });

  it('is valid when not required, and takes its validation message from message-required', async () => {
    const { el } = await formFixture(
      html`<form><media-recorder-button name="answer" message-required="Bitte nehmen Sie eine Antwort auf."></media-recorder-button></form>`,
    );
    expect(el.checkValidity()).to.be.true;
    el.required = true;
    await el.updateComplete;
    expect(el.checkValidity()).to.be.false;
    expect(el.validationMessage).to.equal('Bitte nehmen Sie eine Antwort auf.');
  });

  it('forgets the recording on form.reset(), and becomes invalid again when required', async () => {
    const { form, el } = await formFixture(
      html`<form><media-recorder-button name="answer" required></media-recorder-button></form>`,
    );
    await record(el, 1300);
    const time = el.shadowRoot!.querySelector('[part=time]')!;
    expect(time.textContent).to.equal('00:01');
    expect(form.checkValidity()).to.be.true;

    form.reset();
    await el.updateComplete;
    expect(new FormData(form).has('answer')).to.be.false;
    expect(el.blob).to.be.null;
    expect(el.duration).to.equal(0);
    expect(time.textContent).to.equal('00:00');
    expect(el.validity!.valueMissing).to.be.true;
  });

  it('is left out of the form and cannot be operated inside a disabled fieldset', async () => {
    const { form, el } = await formFixture(
      html`<form><input name="before" /><fieldset disabled><media-recorder-button name="answer"></media-recorder-button></fieldset><input name="after" /></form>`,
    );
    await record(el);
    expect(new FormData(form).has('answer'), 'a disabled control is not submitted').to.be.false;

    const button = el.shadowRoot!.querySelector('button')!;
    expect(button.disabled).to.be.true;
    const calls = microphone.calls;
    button.click();
    (form.querySelector('[name=before]') as HTMLInputElement).focus();
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement, 'Tab skips the disabled button').to.equal(form.querySelector('[name=after]'));
    await sendKeys({ press: ' ' });
    await sleep(100);
    expect(microphone.calls).to.equal(calls);

    form.querySelector('fieldset')!.disabled = false;
    await el.updateComplete;
    expect(button.disabled).to.be.false;
    expect((new FormData(form).get('answer') as File).size).to.be.greaterThan(0);
  });

  it('takes back a File the browser restores (back/forward, autofill)', async () => {
    const { form, el } = await formFixture(
      html`<form><media-recorder-button name="answer" required></media-recorder-button></form>`,
    );
    const file = new File([new Uint8Array([1, 2, 3])], 'recording-20261121-142501.webm', { type: 'audio/webm' });
    el.formStateRestoreCallback(file);
    expect(new FormData(form).get('answer')).to.equal(file);
    expect(el.blob).to.equal(file);
    expect(el.checkValidity()).to.be.true;
    el.formStateRestoreCallback('not a file');
    expect(new FormData(form).get('answer')).to.equal(file);
  });

  it('fires change after the stop of each new recording, with the recording it now holds; not for a cancelled start or a reset', async () => {
    const { form, el } = await formFixture();
    const seen: string[] = [];
    const changes: CustomEvent<{ blob: Blob | null }>[] = [];
    el.addEventListener('stop', () => seen.push('stop'));
    // Heard on the document: it bubbles out of the form, and crosses shadow roots.
    const onChange = (event: Event) => {
      seen.push('change');
      changes.push(event as CustomEvent<{ blob: Blob | null }>);
    };
    document.addEventListener('change', onChange);
    try {
      const first = await record(el, 600);
      expect(seen).to.deep.equal(['stop', 'change']);
      expect(changes[0].target).to.equal(el);
      expect(changes[0].composed).to.be.true;
      expect(changes[0].detail.blob).to.equal(first);
      expect(changes[0].detail.blob).to.equal(el.blob);
      expect((new FormData(form).get('answer') as File).size, 'the form value is set before').to.equal(first.size);

      // A start cancelled while acquiring is no recording: no stop, no change.
      const cancelled = el.start().catch(() => {});
      await el.stop();
      await cancelled;
      form.reset();
      await sleep(100);
      expect(seen).to.deep.equal(['stop', 'change']);

      const second = await record(el, 600);
      expect(seen).to.deep.equal(['stop', 'change', 'stop', 'change']);
      expect(changes[1].detail.blob).to.equal(second);
    } finally {
      document.removeEventListener('change', onChange);
    }
  });

  it('replaces the value with each new recording', async () => {
    const { form, el } = await formFixture();
    const first = await record(el, 600);
    const stopped = nextEvent(el, 'stop');
    const second = await record(el, 1200);
    await stopped;
    expect(second.size).to.not.equal(first.size);
    expect((new FormData(form).get('answer') as File).size).to.equal(second.size);
  });
});
