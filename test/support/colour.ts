/** Colour arithmetic for tests that hold colours to a meaning (滞后 is red, no category is). */

/** Hue in degrees (0–360) and saturation (0–1, HSL) of a CSS rgb()/rgba() or #rrggbb colour. */
export function hueOf(color: string): { hue: number; saturation: number } {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  const rgb = hex
    ? [0, 2, 4].map((i) => Number.parseInt(hex[1]!.slice(i, i + 2), 16))
    : (/rgba?\(([^)]+)\)/.exec(color)?.[1] ?? '').split(',').slice(0, 3).map(Number);
  const [r, g, b] = rgb.map((v) => v / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  const lightness = (max + min) / 2;
  const saturation = d === 0 ? 0 : d / (1 - Math.abs(2 * lightness - 1));
  let hue = 0;
  if (d > 0) hue = max === r ? 60 * (((g - b) / d) % 6) : max === g ? 60 * ((b - r) / d + 2) : 60 * ((r - g) / d + 4);
  return { hue: (hue + 360) % 360, saturation };
}

/** Degrees between two hues, the short way round the circle. */
export const hueDistance = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));
