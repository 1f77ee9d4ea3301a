/**
 * A Content-Disposition for a download with a Chinese name: `name` for clients that read RFC 6266's filename*, and
 * `asciiName` (letters, digits, dashes) for old ones.
 */
export function attachment(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
