/**
 * `persist`, loaded only by elements that set it: saves each recording of the element as it is
 * made, from the element's own `start`, `dataavailable`, `pause` and `stop` events, and recovers
 * the recordings saved under its key that never ended; deletes those left unrecovered for 7 days.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MediaRecorderButtonEventMap, RecoverEventDetail } from '../events.js';
import { recordingFile } from '../recording/mime-type.js';
import { addReactListener } from '../recording/react-listeners.js';
import { spokenDuration } from '../recording/spoken-duration.js';
import { canPersist, clear, expire, recover, Spool, storageFailure, type Saved } from './spool.js';

export { clear };

type Host = ReactiveControllerHost &
  HTMLElement & {
    persist: string;
    announceRecover?: string | null;
    readonly state: string;
    /** The recording the element holds. */
    readonly blob: Blob | null;
    /** Seconds recorded so far. */
    readonly duration: number;
  };

/** What the element does with what this module finds. */
export interface PersistElement {
  /** The last recording recovered, as the form's File, with the announcement to make of it; only while the element holds none. */
  adopt(file: File, announcement: string, seconds: number): void;
  /** One console warning per distinct message. */
  warn(message: string): void;
  /** The page's language where the element is. */
  locale(): string | undefined;
  /** A recording was recovered (after its `recover` event): what was saved of it, for its upload. */
  recovered(detail: RecoverEventDetail, saved: Saved): void;
}

type Listener<K extends keyof MediaRecorderButtonEventMap> = (event: MediaRecorderButtonEventMap[K]) => void;

export class PersistController implements ReactiveController {
  private spool: Spool | null = null;
  /** Recordings ended by `pagehide` whose saved copy was kept, in case the page comes back (back/forward cache). */
  private kept: Spool[] = [];
  private pageHidden = false;
  private recovering: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: Host,
    private readonly element: PersistElement,
  ) {
    // Capture: listeners on the element itself run before the page's, which cannot hide a chunk from us.
    host.addEventListener('start', this.onStart as EventListener, true);
    host.addEventListener('dataavailable', this.onData as EventListener, true);
    host.addEventListener('stop', this.onStop as EventListener, true);
    host.addEventListener('pause', this.onPause, true);
    host.addController(this); // calls hostConnected() when the element is connected already
    if (['recording', 'paused', 'stopping'].includes(host.state)) {
      element.warn(`persist="${host.persist}" was set during a recording: it applies from the next one.`);
    }
  }

  hostConnected(): void {
    window.addEventListener('pagehide', this.onPageHide);
    window.addEventListener('pageshow', this.onPageShow);
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.onPageHide);
    window.removeEventListener('pageshow', this.onPageShow);
  }

  /** Deletes what was left unrecovered for 7 days (under any key), then recovers what is saved under the element's key: one `recover` event each, oldest first. */
  recover(): Promise<void> {
    this.recovering = this.recovering.then(async () => {
      const { host } = this;
      const key = host.persist;
      if (!key || !host.isConnected || !this.supported()) return;
      let last: RecoverEventDetail | null = null;
      try {
        await expire();
        await recover(key, this.element.warn, (detail, saved) => {
          last = detail;
          addReactListener(host, 'recover');
          host.dispatchEvent(new CustomEvent('recover', { detail, bubbles: true, composed: true }));
          this.element.recovered(detail, saved);
        });
      } catch (error) {
        this.element.warn(storageFailure(key, error));
      }
      // The last one becomes the element's recording, unless it holds one already.
      if (!last || host.blob) return;
      const { blob, duration, startedAt } = last;
      const spoken = spokenDuration(duration, this.element.locale());
      const file = recordingFile(blob, new Date(startedAt));
      this.element.adopt(file, (host.announceRecover ?? 'Recovered a recording of {duration}').replace('{duration}', spoken), duration);
      addReactListener(host, 'change');
      host.dispatchEvent(new CustomEvent('change', { detail: { blob: file }, bubbles: true, composed: true }));
    });
    return this.recovering;
  }

  /** With `upload-url`: the upload of the recording being made, kept with its chunks. */
  rememberUpload(url: string): void {
    if (this.spool) this.spool.uploadUrl = url;
  }

  private supported(): boolean {
    if (canPersist()) return true;
    this.element.warn('persist: this browser has no Web Locks or IndexedDB; recordings are not saved.');
    return false;
  }

  private readonly onStart: Listener<'start'> = (event) => {
    if (event.target !== this.host || !this.host.persist || !this.supported()) return;
    this.pageHidden = false;
    this.spool = new Spool({ key: this.host.persist, mimeType: event.detail.mimeType, startedAt: Date.now() }, this.element.warn);
  };

  private readonly onData: Listener<'dataavailable'> = (event) => {
    if (event.target !== this.host) return;
    this.spool?.add(event.detail.data, Math.round(this.host.duration * 1000));
  };

  /** Nothing arrives while paused: save what is waiting. */
  private readonly onPause = () => this.spool?.flush();

  private readonly onStop: Listener<'stop'> = (event) => {
    const spool = this.spool;
    if (event.target !== this.host || !spool) return;
    this.spool = null;
    // Ended because the page is going away: the page cannot keep this recording, the next load will.
    if (this.pageHidden) this.kept.push(spool);
    void spool.end(this.pageHidden);
  };

  private readonly onPageHide = () => {
    this.pageHidden = true;
    this.spool?.flush();
  };

  private readonly onPageShow = (event: PageTransitionEvent) => {
    this.pageHidden = false;
    // Back from the back/forward cache: the page got its `stop` events after all.
    if (event.persisted) this.kept.splice(0).forEach((spool) => void spool.discard());
  };
}
