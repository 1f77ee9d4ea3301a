import { describe, expect, it } from 'vitest';
import { PACE_COLORS, PACE_COLORS_ON_DARK, PACE_PAPER_FILLS, paceCssVariables } from '../../core/palette/pace.ts';
import { CATEGORY_COLORS } from '../../web/features/map/palette.ts';
import { hueDistance, hueOf } from '../support/colour.ts';

describe('the one pace palette', () => {
  it('says 超前 green, 正常 blue, 滞后 red on screen, on the dark wall and on paper alike', () => {
    for (const palette of [PACE_COLORS, PACE_COLORS_ON_DARK, PACE_PAPER_FILLS]) {
      expect(hueDistance(hueOf(palette.behind).hue, 0)).toBeLessThanOrEqual(20);
      expect(hueDistance(hueOf(palette.ahead).hue, 130)).toBeLessThanOrEqual(25);
      expect(hueDistance(hueOf(palette.on_track).hue, 220)).toBeLessThanOrEqual(20);
    }
    // The screen's 滞后 is a strong red; no parcel category comes near its hue.
    expect(hueOf(PACE_COLORS.behind).saturation).toBeGreaterThan(0.5);
    for (const color of Object.values(CATEGORY_COLORS)) expect(hueDistance(hueOf(color).hue, hueOf(PACE_COLORS.behind).hue)).toBeGreaterThan(20);
  });

  it('gives the stylesheets one variable per pace', () => {
    expect(paceCssVariables()).toEqual({ '--pace-ahead': PACE_COLORS.ahead, '--pace-on_track': PACE_COLORS.on_track, '--pace-behind': PACE_COLORS.behind, '--pace-no_task': PACE_COLORS.no_task });
    expect(paceCssVariables(PACE_COLORS_ON_DARK)['--pace-behind']).toBe(PACE_COLORS.behind);
  });
});
