/**
 * One audio track from several (the microphone's voice and the shared tab's or system sound),
 * mixed with Web Audio: MediaRecorder records only the first audio track of a stream.
 */
export function mixAudio(tracks: MediaStreamTrack[]): { tracks: MediaStreamTrack[]; release(): void } {
  if (tracks.length < 2) return { tracks, release() {} };
  const context = new AudioContext();
  const destination = context.createMediaStreamDestination();
  for (const track of tracks) context.createMediaStreamSource(new MediaStream([track])).connect(destination);
  // Started from a click it runs; resume() covers browsers that create it suspended.
  context.resume().catch(() => {});
  const mixed = destination.stream.getAudioTracks();
  return {
    tracks: mixed,
    release() {
      mixed.forEach((track) => track.stop());
      if (context.state !== 'closed') context.close().catch(() => {});
    },
  };
}
