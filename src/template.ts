import type { nothing as litNothing, TemplateResult } from 'lit';

// Lit's `html` and `nothing` for the lazily loaded views (review, upload), made here rather than
// imported: an import of 'lit' from lazily loaded code would make bundlers move Lit out of the idle
// element's file into a shared chunk, and the split costs every page about half a kilobyte up front.
// Lit renders any template result of this shape, whichever function made it (its own `html` returns
// exactly this), and `nothing` is a registered symbol.

/** Lit's `html` tag. */
export const html = (strings: TemplateStringsArray, ...values: unknown[]): TemplateResult<1> => ({ ['_$litType$']: 1, strings, values });

/** Lit's `nothing`. */
export const nothing = Symbol.for('lit-nothing') as typeof litNothing;
