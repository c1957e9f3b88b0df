// custom-elements.json lists the whole public contract, and the API reference in the docs matches it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { apiMarkdown, targets, withApi } from '../../scripts/api-docs.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const manifest = JSON.parse(readFileSync(root + pkg.customElements, 'utf8'));
const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((d) => d.tagName === 'media-recorder-button');
const names = (list = []) => list.map((item) => item.name);

test('the manifest describes <media-recorder-button>', () => {
  assert.ok(element, 'no declaration with tagName media-recorder-button');
  assert.ok(element.description && element.summary);
  const definition = manifest.modules.flatMap((module) => module.exports ?? []).find((e) => e.kind === 'custom-element-definition');
  assert.equal(definition?.name, 'media-recorder-button');
});

test('every attribute, with its property, type and description', () => {
  const expected = {
    recording: 'recording',
    paused: 'paused',
    state: 'state',
    'mime-type': 'mimeType',
    timeslice: 'timeslice',
    'audio-bits-per-second': 'audioBitsPerSecond',
    format: 'format',
    'sample-rate': 'sampleRate',
    channels: 'channels',
    'device-id': 'deviceId',
    'max-duration': 'maxDuration',
    'stop-after-silence': 'stopAfterSilence',
    'silence-threshold': 'silenceThreshold',
    countdown: 'countdown',
    'echo-cancellation': 'echoCancellation',
    'noise-suppression': 'noiseSuppression',
    'auto-gain-control': 'autoGainControl',
    disabled: 'disabled',
    name: 'name',
    required: 'required',
    permission: 'permission',
    'label-start': 'labelStart',
    'label-stop': 'labelStop',
    'announce-start': 'announceStart',
    'announce-pause': 'announcePause',
    'announce-resume': 'announceResume',
    'announce-stop': 'announceStop',
    'message-denied': 'messageDenied',
    'message-error': 'messageError',
    'message-required': 'messageRequired',
    'message-no-signal': 'messageNoSignal',
    'message-muted': 'messageMuted',
    'message-clipping': 'messageClipping',
    'message-device-lost': 'messageDeviceLost',
    source: 'source',
    'video-device-id': 'videoDeviceId',
    'facing-mode': 'facingMode',
    resolution: 'resolution',
    'frame-rate': 'frameRate',
    'video-bits-per-second': 'videoBitsPerSecond',
    'label-start-camera': 'labelStartCamera',
    'label-start-screen': 'labelStartScreen',
    'label-preview': 'labelPreview',
    persist: 'persist',
    'announce-recover': 'announceRecover',
    'upload-url': 'uploadUrl',
    'message-uploading': 'messageUploading',
    'message-upload-waiting': 'messageUploadWaiting',
    'message-uploaded': 'messageUploaded',
    'message-upload-failed': 'messageUploadFailed',
    pausable: 'pausable',
    'label-pause': 'labelPause',
    'label-resume': 'labelResume',
    waveform: 'waveform',
    review: 'review',
    'label-play': 'labelPlay',
    'label-stop-playback': 'labelStopPlayback',
    'label-discard': 'labelDiscard',
    'label-restart': 'labelRestart',
    'label-seek': 'labelSeek',
    'label-seek-value': 'labelSeekValue',
    trim: 'trim',
    'label-trim-start': 'labelTrimStart',
    'label-trim-end': 'labelTrimEnd',
  };
  assert.deepEqual(Object.fromEntries(element.attributes.map((a) => [a.name, a.fieldName])), expected);
  for (const attribute of element.attributes) assert.ok(attribute.type?.text && attribute.description, attribute.name);
});

test('every public property and method, documented', () => {
  const members = element.members.filter((m) => !m.static && !m.privacy);
  for (const name of ['blob', 'stream', 'duration']) {
    assert.equal(members.find((m) => m.name === name)?.readonly, true, `${name} read-only`);
  }
  assert.deepEqual(names(members.filter((m) => m.kind === 'method')), [
    'start',
    'stop',
    'pause',
    'resume',
    'requestData',
    'checkValidity',
    'reportValidity',
  ]);
  const getAudioInputs = element.members.find((m) => m.name === 'getAudioInputs');
  assert.ok(getAudioInputs?.static && getAudioInputs.description, 'static getAudioInputs() documented');
  const getVideoInputs = element.members.find((m) => m.name === 'getVideoInputs');
  assert.ok(getVideoInputs?.static && getVideoInputs.description, 'static getVideoInputs() documented');
  const clearPersisted = element.members.find((m) => m.name === 'clearPersisted');
  assert.ok(clearPersisted?.static && clearPersisted.description, 'static clearPersisted() documented');
  for (const member of members) assert.ok(member.description, `${member.name} has no description`);
});

test('every event with its detail type', () => {
  const expected = {
    start: 'StartEventDetail',
    dataavailable: 'DataAvailableEventDetail',
    pause: 'PauseEventDetail',
    resume: 'ResumeEventDetail',
    stop: 'StopEventDetail',
    recover: 'RecoverEventDetail',
    change: 'ChangeEventDetail',
    warning: 'WarningEventDetail',
    uploadprogress: 'UploadProgressEventDetail',
    uploaded: 'UploadedEventDetail',
    error: 'ErrorEventDetail',
  };
  assert.deepEqual(names(element.events), Object.keys(expected));
  for (const event of element.events) {
    assert.equal(event.type?.text, `CustomEvent<${expected[event.name]}>`);
    assert.match(event.description, /detail/);
  }
});

test('every part and custom property', () => {
  assert.deepEqual(names(element.cssParts), ['button', 'icon', 'label', 'pause', 'play', 'waveform', 'time', 'discard', 'trim-start', 'trim-end', 'preview', 'upload', 'message']);
  assert.deepEqual(names(element.cssStates), ['recorded']);
  const properties = names(element.cssProperties);
  for (const name of ['--mrb-waveform-color', '--mrb-waveform-background', '--mrb-waveform-line-width', '--mrb-recording-color', '--mrb-button-size']) {
    assert.ok(properties.includes(name), `${name} missing`);
  }
  for (const property of element.cssProperties) assert.ok(property.description && property.default, property.name);
  // The element has no slots; the manifest must not claim any.
  assert.deepEqual(element.slots ?? [], []);
});

test('the API reference in the docs matches the manifest (npm run docs rewrites it)', () => {
  const files = targets.filter((file) => existsSync(root + file) && withApi(readFileSync(root + file, 'utf8'), '') !== null);
  assert.ok(files.length > 0, `no API markers in ${targets.join(' or ')}`);
  const api = apiMarkdown(manifest);
  for (const file of files) {
    const text = readFileSync(root + file, 'utf8');
    assert.equal(withApi(text, api), text, `${file} does not match custom-elements.json: run npm run docs`);
  }
});
