// svelte-check reads this, not the repository's vite.config.ts.
export default {};
