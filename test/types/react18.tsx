// React 18 and earlier: the wrapper from media-recorder-button/react.
import { MediaRecorderButton } from 'media-recorder-button/react';
import type { MediaRecorderButton as Element } from 'media-recorder-button/element';
import { useRef } from 'react';

export function Recorder({ onBlob }: { onBlob: (blob: Blob) => void }) {
  const ref = useRef<Element>(null);
  return (
    <MediaRecorderButton
      ref={ref}
      recording
      timeslice={1000}
      onStart={(event) => event.detail.mimeType}
      onDataAvailable={(event) => event.detail.data.size}
      onStop={(event) => onBlob(event.detail.blob)}
      onError={(event) => event.detail.error.name}
      onChange={(event) => event.detail.blob?.size}
      onWarning={(event) => event.detail.code === 'no-signal'}
    />
  );
}

// @ts-expect-error recording is a boolean
export const wrongType = <MediaRecorderButton recording="yes" />;
// @ts-expect-error the stop detail has no such field
export const wrongDetail = <MediaRecorderButton onStop={(event) => event.detail.url} />;
