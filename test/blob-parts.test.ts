import { expect } from '@open-wc/testing';
import { BlobParts } from '../src/recording/blob-parts.js';

/** Chunk `i` is the bytes of `i` as text and a separator, so the order is visible in the result. */
const chunk = (i: number, type = '') => new Blob([`${i},`], { type });
const expected = (count: number) => Array.from({ length: count }, (_, i) => `${i},`).join('');

describe('BlobParts', () => {
  for (const count of [0, 1, 3, 4, 5, 16, 17, 100, 1000]) {
    it(`joins ${count} chunks in order, byte for byte`, async () => {
      const parts = new BlobParts(4);
      for (let i = 0; i < count; i++) parts.add(chunk(i));
      const blob = parts.toBlob('audio/webm');
      expect(blob.type).to.equal('audio/webm');
      expect(await blob.text()).to.equal(expected(count));
      expect(parts.count).to.equal(count);
    });
  }

  it('keeps at most fanIn - 1 parts per level, so the final join stays small', () => {
    const parts = new BlobParts(4);
    for (let i = 0; i < 10_000; i++) parts.add(chunk(i));
    const levels = Math.ceil(Math.log(10_000) / Math.log(4));
    expect(parts.parts().length).to.be.at.most(3 * levels);
  });

  it('remembers the type of the first chunk', () => {
    const parts = new BlobParts();
    expect(parts.firstType).to.equal('');
    parts.add(chunk(0, 'audio/ogg'));
    parts.add(chunk(1, 'audio/webm'));
    expect(parts.firstType).to.equal('audio/ogg');
  });
});
