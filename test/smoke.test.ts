import { expect } from '@open-wc/testing';
import { decodedDuration, recorderFixture, sleep } from './helpers.js';

describe('smoke', () => {
  it('records', async () => {
    const el = await recorderFixture();
    await el.start();
    expect(el.state).to.equal('recording');
    await sleep(1000);
    const blob = await el.stop();
    expect(blob!.size).to.be.greaterThan(0);
    console.log(blob!.type, el.duration, await decodedDuration(blob!));
  });
});
