// tus-js-client's browser build, imported by its path: it has no `exports` map, and a resolver that
// ignores its `browser` field would otherwise take its Node build (node:http, node:fs).
declare module 'tus-js-client/lib.esm/browser/index.js' {
  export * from 'tus-js-client';
}
