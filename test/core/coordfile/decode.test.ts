import { describe, expect, it } from 'vitest';
import { parseCoordinateFile } from '../../../core/coordfile/index.ts';
import { coordText, fixture, parsed } from './helpers.ts';

const SAMPLE = coordText(['5,1.0000,编码-1,地块,面,,,,@', 'J1,1,3650100.000,38500000.000', 'J2,1,3650100.000,38500100.000',
  'J3,1,3650000.000,38500100.000', 'J4,1,3650000.000,38500000.000', 'J1,1,3650100.000,38500000.000']);

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let i = 0; i < text.length; i++) view.setUint16(2 + 2 * i, text.charCodeAt(i), littleEndian);
  return bytes;
}

describe('decoding', () => {
  it('reads UTF-8 with and without BOM', () => {
    const bytes = new TextEncoder().encode(SAMPLE);
    expect(parsed(parseCoordinateFile(bytes)).encoding).toBe('utf-8');
    const withBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]);
    expect(parsed(parseCoordinateFile(withBom)).parcels[0]!.code).toBe('编码-1');
  });

  it('reads UTF-16 (Windows “Unicode”) by its BOM', () => {
    for (const littleEndian of [true, false]) {
      const result = parsed(parseCoordinateFile(utf16(SAMPLE, littleEndian)));
      expect(result.encoding).toBe(littleEndian ? 'utf-16le' : 'utf-16be');
      expect(result.parcels[0]).toMatchObject({ code: '编码-1', valid: true });
    }
  });

  it('falls back to GBK only when the bytes are not UTF-8', () => {
    expect(parsed(parseCoordinateFile(fixture('in/anze-zone37-gbk.txt'))).encoding).toBe('gbk');
    expect(parsed(parseCoordinateFile(fixture('in/zmd-zone38-prefix.txt'))).encoding).toBe('utf-8');
  });

  it('treats a string with a BOM like the same string without', () => {
    expect(parsed(parseCoordinateFile(`\uFEFF${SAMPLE}`)).parcels).toEqual(parsed(parseCoordinateFile(SAMPLE)).parcels);
  });
});
