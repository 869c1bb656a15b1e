import { createContext, useContext } from 'react';
import { knownTimeZone } from './timeZones';

/** The signed-in person's time zone as their profile names it (My profile), unchecked. */
export const ViewerTimeZone = createContext<string | null | undefined>(undefined);

/**
 * The zone to read times in: the profile's when the browser knows it, else undefined (the
 * browser's own zone). Checked here, where times are shown, not in the frame: checking builds an
 * Intl formatter, which the first screen (the incident list shows ages, not times) can do without.
 */
export const useViewerTimeZone = (): string | undefined => knownTimeZone(useContext(ViewerTimeZone));
