// The README's React 19 / Next.js component, as a server-rendered app would use it.
import { useEffect, useState } from 'react';
import '../../src/index.js';
import type {} from '../../src/react-jsx.js';

export function VoiceMemo({ onRecorded }: { onRecorded: (blob: Blob) => void }) {
  const [recording, setRecording] = useState(false);
  return (
    <>
      <media-recorder-button
        recording={recording}
        max-duration={120}
        suppressHydrationWarning
        onstart={() => setRecording(true)}
        onstop={(event) => {
          setRecording(false);
          onRecorded(event.detail.blob);
        }}
        onerror={(event) => alert(event.detail.error.message)}
      />
      <p>{recording ? 'Recording…' : 'Ready'}</p>
    </>
  );
}

/** The page: rendered on the server without props, hydrated in the browser with the test's callbacks. */
export function App({ onRecorded = () => {}, onHydrated = () => {} }: { onRecorded?: (blob: Blob) => void; onHydrated?: () => void }) {
  useEffect(() => void onHydrated(), []);
  return (
    <main>
      <VoiceMemo onRecorded={onRecorded} />
    </main>
  );
}
