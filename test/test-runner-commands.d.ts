// The browser commands the tests use. The package's own declarations import its Node side,
// whose global types (setTimeout returning a Timeout, …) would replace the DOM's in every test.
declare module '@web/test-runner-commands' {
  export function executeServerCommand<R, P>(command: string, payload?: P): Promise<R>;
  export function sendKeys(payload: { press: string } | { type: string } | { down: string } | { up: string }): Promise<void>;
  export function sendMouse(
    payload: { type: 'move' | 'click'; position: [number, number]; button?: 'left' } | { type: 'down' | 'up'; button?: 'left' },
  ): Promise<void>;
  export function a11ySnapshot(payload: { selector?: string }): Promise<unknown>;
  export function findAccessibilityNode<TNode>(node: TNode & { children: TNode[] }, test: (node: TNode) => boolean): TNode | null;
}
