/**
 * `import { MediaRecorderButton } from 'media-recorder-button/react'`: a React component for
 * React 18 and earlier, which pass every prop as an attribute and cannot listen to custom events.
 * Props are set as properties; `onStart`, `onDataAvailable`, `onPause`, `onResume`, `onStop`,
 * `onError`, `onRecover`, `onChange`, `onWarning`, `onUploadProgress` and `onUploaded` listen to the element's events. React 19 needs no wrapper: use the element itself.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import './define.js';
import type { MediaRecorderButtonEventMap as Events } from './events.js';
import { MediaRecorderButton as MediaRecorderButtonElement } from './media-recorder-button.js';

export const MediaRecorderButton = /* @__PURE__ */ createComponent({
  react: React,
  tagName: 'media-recorder-button',
  elementClass: MediaRecorderButtonElement,
  displayName: 'MediaRecorderButton',
  events: {
    onStart: 'start' as EventName<Events['start']>,
    onDataAvailable: 'dataavailable' as EventName<Events['dataavailable']>,
    onPause: 'pause' as EventName<Events['pause']>,
    onResume: 'resume' as EventName<Events['resume']>,
    onStop: 'stop' as EventName<Events['stop']>,
    onError: 'error' as EventName<Events['error']>,
    onRecover: 'recover' as EventName<Events['recover']>,
    onChange: 'change' as EventName<Events['change']>,
    onWarning: 'warning' as EventName<Events['warning']>,
    onUploadProgress: 'uploadprogress' as EventName<Events['uploadprogress']>,
    onUploaded: 'uploaded' as EventName<Events['uploaded']>,
  },
});

export type * from './events.js';
