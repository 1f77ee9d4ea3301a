/**
 * A dBASE III table (the .dbf of a shapefile) with text in UTF-8, announced by a .cpg file beside it. Why our own:
 * the shapefile writer we use stores text one byte per character, which turns Chinese into noise.
 */

type Value = string | number | null;

interface Field {
  name: string;
  type: 'C' | 'N';
  length: number;
  decimals: number;
}

const encoder = new TextEncoder();

/** Fields are typed by their values: numbers (to 2 decimals) or text sized to the longest value, at most 254 bytes. */
function fieldsOf(names: string[], rows: Array<Record<string, Value>>): Field[] {
  return names.map((name) => {
    const values = rows.map((r) => r[name]).filter((v): v is string | number => v !== null && v !== undefined);
    if (values.length && values.every((v) => typeof v === 'number')) return { name, type: 'N', length: 18, decimals: 2 };
    const longest = Math.max(1, ...values.map((v) => encoder.encode(String(v)).length));
    return { name, type: 'C', length: Math.min(254, longest), decimals: 0 };
  });
}

/** Cuts UTF-8 text to at most `max` bytes without splitting a character. */
function utf8Within(text: string, max: number): Uint8Array {
  let bytes = encoder.encode(text);
  while (bytes.length > max) bytes = encoder.encode((text = text.slice(0, -1)));
  return bytes;
}

export function writeDbf(names: string[], rows: Array<Record<string, Value>>, today = new Date()): Uint8Array {
  const fields = fieldsOf(names, rows);
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((s, f) => s + f.length, 0);
  const out = new Uint8Array(headerLength + recordLength * rows.length + 1);
  const view = new DataView(out.buffer);
  out[0] = 0x03;
  out[1] = today.getUTCFullYear() - 1900;
  out[2] = today.getUTCMonth() + 1;
  out[3] = today.getUTCDate();
  view.setUint32(4, rows.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  fields.forEach((f, i) => {
    const at = 32 + 32 * i;
    out.set(encoder.encode(f.name.slice(0, 10)), at);
    out[at + 11] = f.type.charCodeAt(0);
    out[at + 16] = f.length;
    out[at + 17] = f.decimals;
  });
  out[headerLength - 1] = 0x0d;
  rows.forEach((row, r) => {
    let at = headerLength + r * recordLength;
    out[at++] = 0x20;
    for (const f of fields) {
      const value = row[f.name];
      out.fill(0x20, at, at + f.length);
      if (value !== null && value !== undefined) {
        if (f.type === 'N') {
          const text = encoder.encode(Number(value).toFixed(f.decimals).slice(0, f.length));
          out.set(text, at + f.length - text.length);
        } else {
          out.set(utf8Within(String(value), f.length), at);
        }
      }
      at += f.length;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}
