import { css } from 'lit';

// Each custom property's default is its var() fallback, not a declaration on :host, so a page may set
// it on the element or on any ancestor (a theme on <body> reaches every recorder).
export const styles = css`
  :host {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    vertical-align: middle;
    font: inherit;
  }

  :host([hidden]) {
    display: none;
  }

  [part='button'] {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    min-height: var(--mrb-button-size, 2.75rem);
    min-width: var(--mrb-button-size, 2.75rem);
    padding: 0 0.875rem 0 0.625rem;
    border: 1px solid currentColor;
    border-radius: calc(var(--mrb-button-size, 2.75rem) / 2);
    background: var(--mrb-button-background, #ffffff);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }

  [part='button']:focus-visible {
    outline: var(--mrb-focus-ring, 2px solid Highlight);
    outline-offset: 2px;
  }

  [part='button']:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }

  [part='icon'] {
    flex: none;
    width: 1rem;
    height: 1rem;
    border-radius: 50%;
    background: var(--mrb-button-color, #c62828);
  }

  :host([state='recording']) [part='icon'],
  :host([state='paused']) [part='icon'],
  :host([state='stopping']) [part='icon'] {
    border-radius: 0.125rem;
    background: var(--mrb-recording-color, #d50000);
  }

  :host([state='acquiring']) [part='icon'] {
    opacity: 0.5;
  }

  [part='waveform'] {
    display: block;
    width: var(--mrb-waveform-width, 10rem);
    height: var(--mrb-waveform-height, 2.5rem);
    color: var(--mrb-waveform-color, currentColor);
    background: var(--mrb-waveform-background, transparent);
  }

  /* Idle: the flat line of silence, so the space the waveform will use does not look empty. */
  :host([state='inactive']) [part='waveform'] {
    background: linear-gradient(currentColor, currentColor) center / 100% 1px no-repeat, var(--mrb-waveform-background, transparent);
    opacity: 0.4;
  }

  [part='time'] {
    font-variant-numeric: tabular-nums;
    min-width: 3.5ch;
  }

  [part='preview'] {
    flex-basis: 100%;
    max-width: 100%;
  }

  [part='message'] {
    flex-basis: 100%;
  }

  .announcement {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  @media (forced-colors: active) {
    [part='icon'] {
      background: ButtonText;
      forced-color-adjust: none;
    }
  }
`;
