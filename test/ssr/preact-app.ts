// The README's Preact usage (the React 19 component, under Preact), as a server-rendered app would use it.
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../../src/index.js';

type Props = { onRecorded?: (blob: Blob) => void; onHydrated?: () => void };

export function App({ onRecorded = () => {}, onHydrated = () => {} }: Props) {
  const [recording, setRecording] = useState(false);
  useEffect(() => void onHydrated(), []);
  return h(
    'main',
    null,
    h('media-recorder-button', {
      recording,
      'max-duration': 60,
      onstart: () => setRecording(true),
      onstop: (event: CustomEvent<{ blob: Blob }>) => {
        setRecording(false);
        onRecorded(event.detail.blob);
      },
    }),
    h('p', null, recording ? 'Recording…' : 'Ready'),
  );
}
