#!/usr/bin/env node
// npm run screenshots: pictures of the element for the README, taken from the demo site in headless
// Chromium with fake devices, into docs/images/ (WebP, small enough to keep in the repository).
import { mkdir, stat } from 'node:fs/promises';
import { launchChromium, serveDemo, silentWav, voiceLikeWav } from './demo-site.mjs';

const outDir = new URL('../docs/images/', import.meta.url);
// `--png` writes PNG instead, to look at the pictures with tools that do not read WebP.
const type = process.argv.includes('--png') ? 'png' : 'webp';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A picture of `selector` with some room around it, at device pixel ratio 2. */
async function shoot(page, selector, name, margin = 12) {
  const box = await (await page.$(selector)).boundingBox();
  const path = new URL(`${name}.${type}`, outDir).pathname;
  await page.screenshot({
    path,
    type,
    ...(type === 'webp' && { quality: 90 }),
    clip: { x: Math.max(0, box.x - margin), y: Math.max(0, box.y - margin), width: box.width + 2 * margin, height: box.height + 2 * margin },
  });
  console.log(`${name}.${type}: ${(await stat(path)).size} bytes`);
}

/** Clicks the element's own button, as a user would. */
async function press(page, selector) {
  const button = await page.waitForSelector(`${selector} >>> button[part=button]`);
  await button.click();
}

async function openDemo(browser, site, file, options = {}) {
  const page = await browser.newPage();
  await page.setViewport({ width: options.width ?? 720, height: 900, deviceScaleFactor: 2 });
  if (options.dark) await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  await page.goto(site.url(file), { waitUntil: 'networkidle0' });
  // The browser's voice processing would flatten the test sound: record it as it is.
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('media-recorder-button')) {
      Object.assign(el, { echoCancellation: false, noiseSuppression: false, autoGainControl: false });
    }
  });
  return page;
}

await mkdir(outDir, { recursive: true });
const site = await serveDemo();
const granted = await launchChromium({ audioFile: await voiceLikeWav() });
const denied = await launchChromium({ microphone: 'denied' });
try {
  // The Dictaphone's recorder (pausable), light, then dark.
  for (const dark of [false, true]) {
    const suffix = dark ? '-dark' : '';
    const page = await openDemo(granted, site, 'index.html', { dark });
    await shoot(page, '#recorder', `idle${suffix}`);
    await press(page, '#recorder');
    await page.waitForSelector('#recorder[state=recording]');
    await sleep(3300);
    await shoot(page, '#recorder', `recording${suffix}`);
    if (!dark) await shoot(page, '#recorder', 'hero', 24);
    await (await page.waitForSelector('#recorder >>> button[part=pause]')).click();
    await page.waitForSelector('#recorder[state=paused]');
    await shoot(page, '#recorder', `paused${suffix}`);
    await press(page, '#recorder');
    await page.waitForSelector('.clip');
    await shoot(page, '#recorder', `recorded${suffix}`);
  }

  // The demo's first page, as a visitor sees it: light, dark, and on a phone (375 px).
  for (const [name, options] of [
    ['demo', {}],
    ['demo-dark', { dark: true }],
    ['demo-phone', { width: 375 }],
  ]) {
    const page = await openDemo(granted, site, 'index.html', options);
    const path = new URL(`${name}.${type}`, outDir).pathname;
    await page.screenshot({ path, type, ...(type === 'webp' && { quality: 80 }), clip: { x: 0, y: 0, width: options.width ?? 720, height: 640 } });
    console.log(`${name}.${type}: ${(await stat(path)).size} bytes`);
  }

  // The form's answer held for review, its first second cut, played to about its middle, light and dark.
  for (const dark of [false, true]) {
    const page = await openDemo(granted, site, 'form.html', { dark });
    const answer = 'media-recorder-button[name=answer]';
    await press(page, answer);
    await page.waitForSelector(`${answer}[state=recording]`);
    await sleep(4300);
    await press(page, answer);
    await page.waitForSelector(`${answer} >>> canvas[role=slider]`);
    await sleep(500); // decoded
    // A false start cut with the start handle (a second; its key let go cuts).
    await (await page.waitForSelector(`${answer} >>> [part=trim-start]`)).focus();
    await page.keyboard.press('PageUp');
    await sleep(500);
    await (await page.waitForSelector(`${answer} >>> button[part=play]`)).click();
    await sleep(2000);
    await (await page.waitForSelector(`${answer} >>> button[part=play]`)).click();
    await sleep(200);
    await shoot(page, answer, `review${dark ? '-dark' : ''}`);
  }

  const error = await openDemo(denied, site, 'index.html');
  await press(error, '#recorder');
  await error.waitForSelector('#recorder[permission=denied]');
  await shoot(error, '#recorder', 'error');

  // A microphone that gives no sound: after 3 s the no-signal warning, light and dark.
  const silent = await launchChromium({ audioFile: await silentWav() });
  try {
    for (const dark of [false, true]) {
      const page = await openDemo(silent, site, 'index.html', { dark });
      await press(page, '#recorder');
      await page.waitForFunction(() => !document.querySelector('#recorder').shadowRoot.querySelector('[part=message]').hidden, { timeout: 15000 });
      await sleep(300);
      await shoot(page, '#recorder', `warning${dark ? '-dark' : ''}`);
      await press(page, '#recorder');
    }
  } finally {
    await silent.close();
  }

  const translated = await openDemo(granted, site, 'translated.html', { dark: true });
  await press(translated, '[dir=rtl] media-recorder-button');
  await translated.waitForSelector('[dir=rtl] media-recorder-button[state=recording]');
  await sleep(2300);
  await shoot(translated, '[dir=rtl] media-recorder-button', 'rtl-dark');
  await press(translated, '[dir=rtl] media-recorder-button');

  const video = await openDemo(granted, site, 'video.html');
  await press(video, '#camera');
  await video.waitForSelector('#camera[state=recording]');
  await sleep(2300);
  await shoot(video, '#camera', 'video');
  await press(video, '#camera');

  const gallery = await openDemo(granted, site, 'styles.html');
  for (const look of ['compact', 'round', 'dark']) await shoot(gallery, `.${look}`, `look-${look}`);
  await press(gallery, '.round');
  await gallery.waitForSelector('.round[state=recording]');
  await sleep(1300);
  await shoot(gallery, '.round', 'look-round-recording');
  await press(gallery, '.round');
} finally {
  await granted.close();
  await denied.close();
  await site.close();
}
