/**
 * React 19 listens to a custom element's events through `on<event>` props (`onstop={…}`), but when
 * it hydrates server-rendered markup it attaches none of them: they start working only after the
 * component renders again, with new functions (facebook/react#35446). React keeps the element's
 * current props on the element itself (an own property named `__reactProps$…`), so just before
 * dispatching one of its events the element adds the matching prop as a listener.
 *
 * No handler runs twice: `addEventListener` ignores a listener that React already added, and when
 * the prop changes React removes the function it held before, which is the one added here. The
 * function added before is removed here too, for React versions that never remove it.
 */
import type { MediaRecorderButtonEventMap } from '../events.js';

const events = new Set<string>(['start', 'dataavailable', 'pause', 'resume', 'stop', 'error', 'recover', 'change', 'uploadprogress', 'uploaded'] satisfies (keyof MediaRecorderButtonEventMap)[]);
const added = new WeakMap<Element, Map<string, EventListener>>();

/** Adds the `on<type>` prop that React holds for `element` as a listener, for the element's own events. */
export function addReactListener(element: Element, type: string): void {
  if (!events.has(type)) return;
  const key = Object.keys(element).find((name) => name.startsWith('__reactProps$'));
  if (!key) return;
  const props = (element as unknown as Record<string, Record<string, unknown> | null | undefined>)[key];
  const listener = props?.[`on${type}`];
  let listeners = added.get(element);
  const previous = listeners?.get(type);
  if (previous && previous !== listener) {
    element.removeEventListener(type, previous);
    listeners!.delete(type);
  }
  if (typeof listener !== 'function') return;
  element.addEventListener(type, listener as EventListener);
  if (!listeners) added.set(element, (listeners = new Map()));
  listeners.set(type, listener as EventListener);
}
