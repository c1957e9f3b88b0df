import { css } from 'lit';

// Each custom property's default is its var() fallback, not a declaration on :host, so a page may set
// it on the element or on any ancestor (a theme on <body> reaches every recorder). Colours follow the
// page's color-scheme through light-dark(): readable on light and dark pages with nothing set.
// The host has a width of its own (not its content's) so that it can be the container its parts adapt
// to: the waveform takes what the buttons and the readout leave, and it never changes across states.
export const styles = css`
  :host {
    --_text: var(--mrb-button-text-color, light-dark(#1c1b1f, #f3f2f7));
    --_surface: var(--mrb-button-background, light-dark(#fff, #29282e));
    --_edge: var(--mrb-button-border-color, light-dark(#6f6e78, #9a99a3));
    --_accent: var(--mrb-button-color, light-dark(#c62828, #ff7b72));
    --_size: var(--mrb-button-size, 2.75rem);
    display: inline-block;
    box-sizing: border-box;
    width: calc(var(--mrb-waveform-width, 8rem) + 15rem);
    max-width: 100%;
    vertical-align: middle;
    font: inherit;
  }

  :host([pausable]) {
    width: calc(var(--mrb-waveform-width, 8rem) + 15rem + var(--_size));
  }

  /* Room for the play and delete buttons (the pause button shares the play button's) and a longer readout. */
  :host([review]) {
    width: calc(var(--mrb-waveform-width, 8rem) + 20.5rem + 2 * var(--_size));
  }

  :host([hidden]) {
    display: none;
  }

  .bar {
    container-type: inline-size;
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }

  button {
    flex: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    min-height: var(--_size);
    min-width: var(--_size);
    padding: 0;
    border: 1px solid var(--_edge);
    border-radius: calc(var(--_size) / 2);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
    cursor: pointer;
  }

  [part='button'] {
    padding-inline: 0.75rem 1rem;
  }

  button:focus-visible {
    outline: var(--mrb-focus-ring, 2px solid light-dark(#0b57d0, #a8c7fa));
    outline-offset: 2px;
  }

  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }

  /* The label is as wide as the longest of the button's labels (the other one, unseen and unread
     under it), so that no state moves what follows the button. */
  [part='label'] {
    display: inline-grid;
    white-space: nowrap;
  }

  [part='label']::after {
    content: attr(data-sizer) / '';
    height: 0;
    overflow: hidden;
    visibility: hidden;
  }

  [part='icon'] {
    flex: none;
    box-sizing: border-box;
    width: 1rem;
    height: 1rem;
    border-radius: 50%;
    background: var(--_accent);
  }

  /* Waiting for the microphone or for the last data: a turning ring. */
  :host([state='acquiring']) [part='icon'],
  :host([state='stopping']) [part='icon'] {
    border: 2px solid var(--_text);
    border-inline-end-color: transparent;
    background: none;
    animation: turn 0.9s linear infinite;
  }

  @keyframes turn {
    to {
      transform: rotate(1turn);
    }
  }

  /* Its room is kept while idle: shown while recording or paused (with the recording code's styles). */
  [part='pause'] {
    width: var(--_size);
    visibility: hidden;
  }

  [part='waveform'] {
    flex: 1 1 0;
    min-width: 0;
    height: var(--mrb-waveform-height, 2.5rem);
    color: var(--mrb-waveform-color, currentColor);
    background: var(--mrb-waveform-background, transparent);
  }

  /* Idle: where the waveform will be, the shape of silence; in full colour while holding a recording. */
  :host(:not([state='recording'], [state='paused'])) [part='waveform'] {
    background: radial-gradient(circle, currentColor 1px, #0000 1.5px) 0 50% / 5px 5px repeat-x,
      var(--mrb-waveform-background, transparent);
    opacity: 0.55;
  }

  :host(:state(recorded):not([state='recording'], [state='paused'])) [part='waveform'] {
    opacity: 1;
  }

  [part='time'] {
    flex: none;
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    margin-inline-start: auto;
    min-width: 3.75rem;
    font-variant-numeric: tabular-nums;
  }

  /* Room for the recording dot or the paused bars (with the recording code's styles); a tick when holding a recording. */
  [part='time']::before {
    content: '';
    box-sizing: border-box;
    width: 0.5rem;
    height: 0.5rem;
  }

  :host(:state(recorded):not([state='recording'], [state='paused'])) [part='time']::before {
    width: 0.3125rem;
    height: 0.625rem;
    margin-inline: 0.125rem 0.0625rem;
    border: solid;
    border-width: 0 2px 2px 0;
    transform: rotate(45deg);
  }

  [part='message'] {
    display: block;
    margin-top: 0.5rem;
    padding-inline-start: 0.625rem;
    border-inline-start: 3px solid var(--_accent);
  }

  [part='upload'] {
    display: block;
    margin-top: 0.25rem;
    font-size: 0.875em;
  }

  [hidden] {
    display: none;
  }

  .announcement {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  /* Narrow: the main button shows its mark alone (its label is still its accessible name). */
  @container (width < 19rem) {
    [part='label'] {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }

    [part='button'] {
      padding: 0;
    }
  }

  @media (forced-colors: active) {
    [part='icon'] {
      forced-color-adjust: none;
      border-color: ButtonText;
      background: ButtonText;
    }

    :host([state='acquiring']) [part='icon'],
    :host([state='stopping']) [part='icon'] {
      border-inline-end-color: ButtonFace;
      background: none;
    }
  }
`;
