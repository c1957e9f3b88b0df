// Angular (standalone component, compiled just in time in the browser): CUSTOM_ELEMENTS_SCHEMA,
// `[recording]` sets the property, `(stop)` listens to the event.
import '@angular/compiler';
import { Component, CUSTOM_ELEMENTS_SCHEMA, provideZonelessChangeDetection, signal, VERSION, type ApplicationRef } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { MediaRecorderButtonEventMap, StartEventDetail, StopEventDetail } from '../../src/index.js';
import { expectDecodedLength, sleep } from '../helpers.js';

@Component({
  selector: 'recorder-app',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <media-recorder-button
      [recording]="recording()"
      [timeslice]="250"
      (start)="onStart($event)"
      (stop)="onStop($event)"
    ></media-recorder-button>
    <p>{{ status() }}</p>
  `,
})
class RecorderApp {
  readonly recording = signal(false);
  readonly status = signal('idle');
  readonly started: StartEventDetail[] = [];
  readonly stops: StopEventDetail[] = [];

  onStart(event: Event): void {
    this.started.push((event as MediaRecorderButtonEventMap['start']).detail);
    this.status.set('recording');
  }

  onStop(event: Event): void {
    const { detail } = event as MediaRecorderButtonEventMap['stop'];
    this.stops.push(detail);
    this.status.set(`recorded ${detail.blob.size} bytes`);
  }
}

describe('Angular', () => {
  let appRef: ApplicationRef;

  beforeEach(() => {
    document.body.append(document.createElement('recorder-app'));
  });

  afterEach(() => {
    appRef?.destroy();
    document.querySelector('recorder-app')?.remove();
  });

  it(`is Angular ${VERSION.full}`, () => {
    expect(VERSION.major).to.equal('21');
  });

  it('records with [recording] and hands the Blob to (stop)', async () => {
    appRef = await bootstrapApplication(RecorderApp, { providers: [provideZonelessChangeDetection()] });
    const app = appRef.components[0].instance as RecorderApp;
    const host = document.querySelector('recorder-app')!;
    const element = host.querySelector('media-recorder-button')!;
    expect(element, 'rendered as the custom element').to.be.instanceOf(customElements.get('media-recorder-button')!);
    expect(element.timeslice, '[timeslice] set as a number property').to.equal(250);

    app.recording.set(true);
    await waitUntil(() => app.started.length === 1, 'no start event reached (start)', { timeout: 5000 });
    await sleep(1200);
    app.recording.set(false);
    await waitUntil(() => app.stops.length === 1, 'no stop event reached (stop)', { timeout: 5000 });

    const [{ blob, reason, duration }] = app.stops;
    expect(reason).to.equal('user');
    expect(blob.type).to.match(/^audio\//);
    await expectDecodedLength(blob, duration);
    await waitUntil(() => host.querySelector('p')!.textContent === `recorded ${blob.size} bytes`, 'the view did not update');
    expect(element.recording).to.be.false;
  });
});
