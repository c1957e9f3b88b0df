// The demo site as a visitor uses it: built as `npm run build:demo` builds it, served from a
// sub-folder, loaded in headless Chromium with fake devices. Each page records, and any console
// error, page error or failed request fails the test.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium, serveDemo } from '../../scripts/demo-site.mjs';

let site;
let browser;

before(async () => {
  site = await serveDemo();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/** Opens a demo page and collects everything that went wrong on it. */
async function open(file) {
  const page = await browser.newPage();
  await page.setViewport({ width: 900, height: 800 });
  const problems = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => response.status() >= 400 && problems.push(`${response.status()}: ${response.url()}`));
  await page.goto(site.url(file), { waitUntil: 'networkidle0' });
  return { page, problems };
}

/** Clicks the element's own button, as a user would. */
async function press(page, selector) {
  await (await page.waitForSelector(`${selector} >>> button[part=button]`)).click();
}

/** Records about a second with the element at `selector`, by clicking its button twice. */
async function record(page, selector) {
  await press(page, selector);
  await page.waitForSelector(`${selector}[state=recording]`);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  await press(page, selector);
  await page.waitForSelector(`${selector}[state=inactive]`);
}

/** The duration a media element reads from its `src`, once it has loaded. */
const mediaDuration = (page, selector) =>
  page.$eval(selector, async (media) => {
    if (media.readyState < 1) await new Promise((resolve) => media.addEventListener('loadedmetadata', resolve, { once: true }));
    return media.duration;
  });

test('dictaphone: records, pauses, lists the clip with a player, a name and a download', async () => {
  const { page, problems } = await open('index.html');
  await press(page, '#recorder');
  await page.waitForSelector('#recorder[state=recording]');
  const pause = await page.waitForSelector('#recorder >>> button[part=pause]');
  await pause.click();
  await page.waitForSelector('#recorder[state=paused]');
  assert.equal(await pause.evaluate((button) => button.getAttribute('aria-label')), 'Resume recording');
  await pause.click();
  await page.waitForSelector('#recorder[state=recording]');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await press(page, '#recorder');
  await page.waitForSelector('.clip audio[src^="blob:"]');
  assert.ok((await mediaDuration(page, '.clip audio')) > 0.5);
  assert.match(await page.$eval('.clip-download', (link) => link.download), /^Clip 1\.(webm|ogg|m4a)$/);
  await page.type('.clip input', ' renamed');
  assert.match(await page.$eval('.clip-download', (link) => link.download), /^Clip 1 renamed\./);
  const options = await page.$$eval('#microphone option', (list) => list.length);
  assert.ok(options >= 2, 'the microphones are listed after the first recording');
  await page.click('.clip-delete');
  assert.equal(await page.$('.clip'), null);
  assert.deepEqual(problems, []);
  await page.close();
});

test('dictaphone: a clip saved as a 16 kHz WAV for speech-to-text', async () => {
  const { page, problems } = await open('index.html');
  await page.select('#format', 'wav:16000');
  await record(page, '#recorder');
  await page.waitForSelector('.clip audio[src^="blob:"]');
  assert.ok((await mediaDuration(page, '.clip audio')) > 0.5);
  assert.equal(await page.$eval('.clip-download', (link) => link.download), 'Clip 1.wav');
  assert.equal(await page.$eval('.clip-kind', (kind) => kind.textContent), 'Audio, WAV');
  const rate = await page.$eval('.clip-download', async (link) => new DataView(await (await fetch(link.href)).arrayBuffer()).getUint32(24, true));
  assert.equal(rate, 16000);
  assert.deepEqual(problems, []);
  await page.close();
});

test('styles: each look records, and the CSS shown is the CSS applied', async () => {
  const { page, problems } = await open('styles.html');
  for (const look of ['compact', 'round', 'dark']) await record(page, `.${look}`);
  assert.match(await page.$eval('#status', (status) => status.textContent), /in the dark look/);
  const background = await page.$eval('.round >>> button', (button) => getComputedStyle(button).backgroundColor);
  assert.equal(background, 'rgb(229, 57, 53)');
  assert.deepEqual(problems, []);
  await page.close();
});

test('translated: German strings and durations, Arabic digits', async () => {
  const { page, problems } = await open('translated.html');
  assert.equal(await page.$eval('[name=nachricht] >>> [part=label]', (label) => label.textContent), 'Aufnahme starten');
  assert.equal(await page.$eval('[lang=ar-EG] media-recorder-button >>> [part=time]', (time) => time.textContent), '٠٠:٠٠');
  await record(page, '[name=nachricht]');
  assert.match(await page.$eval('#status', (status) => status.textContent), /^Aufgenommen: \d Sekunden?\.$/);
  assert.ok((await mediaDuration(page, '#player')) > 0.5);
  assert.deepEqual(problems, []);
  await page.close();
});

test('form: the required voice answer is sent as a file', async () => {
  const { page, problems } = await open('form.html');
  await page.type('[name=name]', 'Ada');
  await page.click('button[type=submit]');
  assert.equal(await page.$eval('#sent', (sent) => sent.textContent), 'Nothing sent yet.', 'no answer: the form does not submit');
  await record(page, '[name=answer]');
  await page.click('button[type=submit]');
  const sent = await page.$eval('#sent', (element) => element.textContent);
  assert.match(sent, /^name: Ada\nanswer: recording-\d{8}-\d{6}\.(webm|ogg|m4a) \(audio\/[\w;=, ]+, \d+ bytes\)$/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('form: an answer being recorded when the page reloads comes back, ready to send', async () => {
  const { page, problems } = await open('form.html');
  await press(page, '[name=answer]');
  await page.waitForSelector('[name=answer][state=recording]');
  await page.waitForFunction(() => document.querySelector('[name=answer]').duration >= 2.2, { polling: 50 });
  await page.reload({ waitUntil: 'networkidle0' });
  await page.waitForFunction(() => /was recovered/.test(document.querySelector('#status').textContent));
  assert.match(await page.$eval('#status', (status) => status.textContent), /^Your answer of 00:0[1-3] was recovered after the page closed\.$/);
  await page.type('[name=name]', 'Ada');
  await page.click('button[type=submit]');
  const sent = await page.$eval('#sent', (element) => element.textContent);
  assert.match(sent, /^name: Ada\nanswer: recording-\d{8}-\d{6}\.(webm|ogg|m4a) \(audio\/[\w;=, ]+, \d+ bytes\)$/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('video and screen: each records a video clip that plays', async () => {
  const { page, problems } = await open('video.html');
  for (const selector of ['#camera', '#screen']) await record(page, selector);
  const clips = await page.$$eval('.clip video', (videos) => videos.map((video) => video.src));
  assert.equal(clips.length, 2);
  for (const nth of [1, 2]) {
    assert.ok((await mediaDuration(page, `.clip:nth-child(${nth}) video`)) > 0.5);
    assert.ok((await page.$eval(`.clip:nth-child(${nth}) video`, (video) => video.videoWidth)) > 0, 'a picture, not only sound');
  }
  assert.deepEqual(problems, []);
  await page.close();
});
