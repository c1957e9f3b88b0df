import type { ComplexAttributeConverter } from 'lit';

/**
 * A boolean attribute that also reads `"false"` as false. Server renderers (Nuxt, SvelteKit, …)
 * write `recording="false"` for `:recording="false"`; read as present, that would start a
 * recording (and ask for the microphone) on page load.
 */
export const booleanAttribute: ComplexAttributeConverter<boolean> = {
  fromAttribute: (value) => value !== null && value.trim().toLowerCase() !== 'false',
  toAttribute: (value) => (value ? '' : null),
};

/** Absent: `undefined` (the browser's default); present: `true`, unless its value is `"false"`. */
export const optionalBooleanAttribute: ComplexAttributeConverter<boolean | undefined> = {
  fromAttribute: (value) => (value === null ? undefined : booleanAttribute.fromAttribute!(value)),
  toAttribute: (value) => (value === undefined ? null : String(value)),
};
