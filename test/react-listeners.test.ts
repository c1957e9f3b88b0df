import { expect } from '@open-wc/testing';
import { addReactListener } from '../src/recording/react-listeners.js';

/** An element as React 19 leaves it after hydration: its current props on an own `__reactProps$…` property. */
function hydrated(props: Record<string, unknown>) {
  const element = document.createElement('div') as unknown as HTMLElement & Record<string, unknown>;
  element.__reactProps$test = props;
  return element;
}

describe('React hydration listeners', () => {
  it('adds the on<event> prop as a listener, once however often the event fires', () => {
    const calls: string[] = [];
    const element = hydrated({ onstop: () => calls.push('stop') });
    for (let i = 0; i < 2; i++) {
      addReactListener(element, 'stop');
      element.dispatchEvent(new CustomEvent('stop'));
    }
    expect(calls).to.deep.equal(['stop', 'stop']);
  });

  it('removes the previous handler when the prop changes: only the new one runs', () => {
    const calls: string[] = [];
    const element = hydrated({ onstop: () => calls.push('first') });
    addReactListener(element, 'stop');
    element.dispatchEvent(new CustomEvent('stop'));
    element.__reactProps$test = { onstop: () => calls.push('second') };
    addReactListener(element, 'stop');
    element.dispatchEvent(new CustomEvent('stop'));
    expect(calls).to.deep.equal(['first', 'second']);
  });

  it('removes the previous handler when the prop goes away', () => {
    const calls: string[] = [];
    const element = hydrated({ onstart: () => calls.push('start') });
    addReactListener(element, 'start');
    element.__reactProps$test = {};
    addReactListener(element, 'start');
    element.dispatchEvent(new CustomEvent('start'));
    expect(calls).to.deep.equal([]);
  });

  it('leaves events that are not the element’s own, and elements React does not hold, alone', () => {
    const calls: string[] = [];
    const element = hydrated({ onclick: () => calls.push('click') });
    addReactListener(element, 'click');
    element.dispatchEvent(new Event('click'));
    addReactListener(document.createElement('div'), 'stop');
    expect(calls).to.deep.equal([]);
  });
});
