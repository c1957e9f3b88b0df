// A plain string under a css tag, for the build's minifier: Lit's own tag would share its module with the idle element's code.
const css = String.raw;

/**
 * The review's looks, added to the element's shadow root with the review code: the play and delete
 * buttons (their room kept while there is nothing to review), the recording's waveform as a slider,
 * the wider readout.
 */
export const reviewStyles = css`
  [part='play'],
  [part='discard'] {
    width: var(--_size);
  }

  /* The third of the main button's labels, unseen and unread, for its width (see the element's sizer). */
  [part='label']::before {
    content: attr(data-sizer-review) / '';
    height: 0;
    overflow: hidden;
    visibility: hidden;
  }

  .unseen {
    visibility: hidden;
  }

  /* A triangle (play), or two bars (pause). */
  .play-icon {
    box-sizing: border-box;
    width: 0.875rem;
    height: 0.875rem;
    background: var(--_text);
    clip-path: polygon(10% 0, 100% 50%, 10% 100%);
  }

  .play-icon.playing {
    background: none;
    border-inline: 0.3125rem solid var(--_text);
    clip-path: none;
  }

  :host(:dir(rtl)) .play-icon:not(.playing) {
    transform: scaleX(-1);
  }

  [part='discard'] svg {
    width: 1.125rem;
    height: 1.125rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.5;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  :host([review]) [part='waveform'].review {
    opacity: 1;
    background: var(--mrb-waveform-background, transparent);
    accent-color: var(--mrb-recording-color, var(--_accent));
    cursor: pointer;
    touch-action: none;
  }

  /* With trim: the waveform and its two handles, over it where the kept part starts and ends. */
  .trim {
    position: relative;
    display: flex;
    flex: 1 1 0;
    min-width: 0;
  }

  .handle {
    position: absolute;
    inset-block: -0.25rem;
    width: 1.5rem;
    margin-inline-start: -0.75rem;
    cursor: ew-resize;
    touch-action: none;
  }

  .handle::before {
    content: '';
    position: absolute;
    inset-block: 0;
    inset-inline-start: calc(50% - 0.1875rem);
    width: 0.375rem;
    border-radius: 0.1875rem;
    background: var(--mrb-recording-color, var(--_accent));
  }

  .handle:focus-visible {
    outline: var(--mrb-focus-ring, 2px solid light-dark(#0b57d0, #a8c7fa));
    outline-offset: 0;
    border-radius: 0.25rem;
  }

  [part='waveform'].review:focus-visible {
    outline: var(--mrb-focus-ring, 2px solid light-dark(#0b57d0, #a8c7fa));
    outline-offset: 2px;
  }

  /* The recorded video, where the live one was (a restored recording may come before the recording code). */
  [part='preview'] {
    display: block;
    width: 100%;
    margin-top: 0.5rem;
    border-radius: 0.5rem;
    background: #000;
  }

  :host([review]) [part='time'] {
    min-width: calc(11ch + 0.875rem);
  }

  /* Narrow: the readout shows the played position alone (the slider still says both). */
  @container (width < 19rem) {
    :host([review]) [part='time']:has(.length) {
      min-width: 0;
    }

    :host([review]) [part='time']:has(.length)::before,
    .length {
      display: none;
    }
  }

  @media (forced-colors: active) {
    .play-icon {
      forced-color-adjust: none;
      background: ButtonText;
    }

    .play-icon.playing {
      background: none;
      border-color: ButtonText;
    }

    :host([review]) [part='waveform'].review {
      accent-color: Highlight;
    }

    .handle::before {
      background: Highlight;
    }
  }
`;
