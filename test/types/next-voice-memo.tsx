'use client';
import { useState } from 'react';
import 'media-recorder-button';
import type {} from 'media-recorder-button/react-jsx';

export function VoiceMemo({ onRecorded }: { onRecorded: (blob: Blob) => void }) {
  const [recording, setRecording] = useState(false);
  return (
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
  );
}
