// A plain string under a css tag, for the build's minifier: Lit's own tag would share its module with the idle element's code.
const css = String.raw;

/**
 * The element's looks while recording, paused or stopping, added to its shadow root with the
 * recording code (the idle element does not need them up front): the square mark, the pause button's
 * marks, the readout's recording dot and paused bars, the camera or screen preview.
 */
export const recordingStyles = css`
  :host([state='recording']) [part='icon'],
  :host([state='paused']) [part='icon'] {
    border-radius: 0.1875rem;
    background: var(--mrb-recording-color, var(--_accent));
  }

  :host([state='recording']) [part='button'] {
    border-color: var(--mrb-recording-color, var(--_accent));
    box-shadow: inset 0 0 0 1px var(--mrb-recording-color, var(--_accent));
  }

  :host([state='recording']) [part='pause'],
  :host([state='paused']) [part='pause'] {
    visibility: visible;
  }

  /* Two bars (pause), or a triangle (resume). */
  .pause-icon {
    box-sizing: border-box;
    width: 0.875rem;
    height: 0.875rem;
    border-inline: 0.3125rem solid var(--_text);
  }

  [aria-pressed='true'] > .pause-icon {
    border: 0;
    background: var(--_text);
    clip-path: polygon(10% 0, 100% 50%, 10% 100%);
  }

  /* Recording: a dot before the readout; paused: two bars. */
  :host([state='recording']) [part='time']::before {
    border-radius: 50%;
    background: var(--mrb-recording-color, var(--_accent));
  }

  :host([state='paused']) [part='time']::before {
    height: 0.625rem;
    border-inline: 0.1875rem solid;
  }

  [part='preview'] {
    display: block;
    width: 100%;
    margin-top: 0.5rem;
    border-radius: 0.5rem;
    background: #000;
  }

  @media (forced-colors: active) {
    .pause-icon,
    [part='time']::before {
      forced-color-adjust: none;
      border-color: ButtonText;
    }

    [aria-pressed='true'] > .pause-icon {
      background: ButtonText;
    }

    :host([state='recording']) [part='time']::before {
      background: CanvasText;
    }

    :host([state='paused']) [part='time']::before {
      border-color: CanvasText;
    }
  }
`;
