// React 19 JSX: the element itself, typed through media-recorder-button/react-jsx.
import 'media-recorder-button';
import type {} from 'media-recorder-button/react-jsx';
import type { StopReason } from 'media-recorder-button';
import { useRef } from 'react';
import type { MediaRecorderButton } from 'media-recorder-button/element';

export function Recorder({ onBlob }: { onBlob: (blob: Blob, reason: StopReason) => void }) {
  const ref = useRef<MediaRecorderButton>(null);
  return (
    <media-recorder-button
      ref={ref}
      recording={false}
      timeslice={1000}
      max-duration={60}
      mimeType="audio/webm"
      class="recorder"
      onstart={(event) => event.detail.mimeType}
      ondataavailable={(event) => event.detail.data}
      onstop={(event) => onBlob(event.detail.blob, event.detail.reason)}
      onerror={(event) => console.error(event.detail.error.message)}
      onchange={(event) => event.detail.blob?.size}
      onwarning={(event) => event.detail.message.length}
    />
  );
}

// @ts-expect-error recording is a boolean
export const wrongType = <media-recorder-button recording="yes" />;
// @ts-expect-error the stop detail has no such field
export const wrongDetail = <media-recorder-button onstop={(event) => event.detail.url} />;
