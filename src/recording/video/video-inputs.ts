import { unsupportedError } from '../errors.js';

/**
 * The cameras. Browsers hide device labels until the page has had camera access: with
 * `labels: true`, asks for the camera once (a prompt, the first time) when they are hidden.
 */
export async function listVideoInputs({ labels = false } = {}): Promise<MediaDeviceInfo[]> {
  const devices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (!devices?.enumerateDevices) throw unsupportedError('navigator.mediaDevices.enumerateDevices');
  const inputs = async () => (await devices.enumerateDevices()).filter((device) => device.kind === 'videoinput');
  const found = await inputs();
  if (!labels || found.every((device) => device.label)) return found;
  const stream = await devices.getUserMedia({ video: true });
  stream.getTracks().forEach((track) => track.stop());
  return inputs();
}
