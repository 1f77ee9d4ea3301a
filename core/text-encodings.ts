/**
 * The text encodings an import reads, by WHATWG label, with the name shown to people. The server decodes with them
 * (server/imports/formats/text-encoding.ts); the import dialog offers them as choices.
 */
export const TEXT_ENCODINGS = {
  'utf-8': 'UTF-8',
  gbk: 'GBK',
  gb18030: 'GB18030',
  big5: 'Big5',
  'windows-1252': 'Windows-1252',
} as const;

export type TextEncoding = keyof typeof TEXT_ENCODINGS;
