import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The microphone permission as far as the page can know it; reflected as the `permission` attribute. */
export type MicrophonePermission = 'prompt' | 'granted' | 'denied' | 'unknown';

/**
 * Follows the microphone permission through the Permissions API while the host is connected,
 * and corrects it with what getUserMedia answers: some browsers' queries lag behind or are missing.
 */
export class PermissionController implements ReactiveController {
  state: MicrophonePermission = 'unknown';

  #status: PermissionStatus | null = null;
  /** Counts connections, so that a query answered after a disconnect is dropped. */
  #connection = 0;
  readonly #onChange: (previous: MicrophonePermission) => void;

  constructor(host: ReactiveControllerHost, onChange: (previous: MicrophonePermission) => void) {
    this.#onChange = onChange;
    host.addController(this);
  }

  hostConnected(): void {
    const connection = ++this.#connection;
    void queryMicrophone().then((status) => {
      if (!status || connection !== this.#connection) return;
      this.#status = status;
      status.addEventListener('change', this.#follow);
      this.#follow();
    });
  }

  hostDisconnected(): void {
    this.#connection++;
    this.#status?.removeEventListener('change', this.#follow);
    this.#status = null;
  }

  /** What the Permissions API says, or what a getUserMedia answer showed: `granted` once it gave a stream, `denied` after NotAllowedError. */
  learned(state: MicrophonePermission): void {
    const previous = this.state;
    if (state === previous) return;
    this.state = state;
    this.#onChange(previous);
  }

  readonly #follow = (): void => {
    if (this.#status) this.learned(this.#status.state as MicrophonePermission);
  };
}

async function queryMicrophone(): Promise<PermissionStatus | null> {
  try {
    return (await navigator.permissions?.query({ name: 'microphone' as PermissionName })) ?? null;
  } catch {
    // No Permissions API, or it does not know 'microphone' (older Firefox): the state stays unknown.
    return null;
  }
}
