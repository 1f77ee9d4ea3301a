/**
 * A PostgreSQL WAL position as text ('16/B374D848': two hexadecimal halves of a 64-bit byte offset) turned into a
 * number that compares across the primary and its replicas; null for anything else (a cookie someone edited).
 */
export function parseLsn(text: string | null | undefined): bigint | null {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text ?? '');
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}
