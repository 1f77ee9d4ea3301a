/**
 * The phone's compass heading while the field-check form is open, from the browser's absolute device orientation
 * (Android Chrome: `deviceorientationabsolute`; iOS Safari: `webkitCompassHeading`). Null where the browser gives none:
 * a desk browser, or a phone that has not been granted motion access.
 */
import { useEffect, useRef } from 'react';

type OrientationEvent = DeviceOrientationEvent & { webkitCompassHeading?: number };

function headingOf(event: OrientationEvent): number | null {
  if (typeof event.webkitCompassHeading === 'number' && Number.isFinite(event.webkitCompassHeading)) return event.webkitCompassHeading % 360;
  // alpha turns counter-clockwise from north when the orientation is absolute; a compass turns clockwise.
  if (event.absolute && typeof event.alpha === 'number' && Number.isFinite(event.alpha)) return (360 - event.alpha) % 360;
  return null;
}

/** A ref holding the latest compass heading (degrees clockwise from north), or null. */
export function useCompassHeading() {
  const heading = useRef<number | null>(null);
  useEffect(() => {
    const on = (event: Event) => {
      const h = headingOf(event as OrientationEvent);
      if (h !== null) heading.current = Math.round(h * 10) / 10;
    };
    window.addEventListener('deviceorientationabsolute', on);
    window.addEventListener('deviceorientation', on);
    return () => {
      window.removeEventListener('deviceorientationabsolute', on);
      window.removeEventListener('deviceorientation', on);
    };
  }, []);
  return heading;
}
