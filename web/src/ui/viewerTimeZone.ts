import { createContext, useContext } from 'react';

/** The signed-in person's time zone (My profile); undefined reads times in the browser's zone. */
export const ViewerTimeZone = createContext<string | undefined>(undefined);

export const useViewerTimeZone = (): string | undefined => useContext(ViewerTimeZone);
