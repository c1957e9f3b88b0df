let sharedContext: AudioContext | null = null;
let contextUsers = 0;

/**
 * One AudioContext for every element on the page (browsers limit how many a page may hold),
 * suspended while no recording uses it.
 */
export function acquireAudioContext(): AudioContext {
  sharedContext ??= new AudioContext();
  contextUsers++;
  if (sharedContext.state === 'suspended') sharedContext.resume().catch(() => {});
  return sharedContext;
}

export function releaseAudioContext(): void {
  contextUsers = Math.max(0, contextUsers - 1);
  if (contextUsers === 0 && sharedContext?.state === 'running') sharedContext.suspend().catch(() => {});
}
