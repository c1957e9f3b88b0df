const warned = new Set<string>();

/** One console warning per distinct problem, so a bad attribute does not flood the console. */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`<media-recorder-button>: ${message}`);
}
