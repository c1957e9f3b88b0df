// tus-js-client's browser build (its modern source, not the ES5 one), imported by its path: it has no `exports` map, and a resolver that
// ignores its `browser` field would otherwise take its Node build (node:http, node:fs).
declare module 'tus-js-client/lib/browser/index.js' {
  export * from 'tus-js-client';
}
