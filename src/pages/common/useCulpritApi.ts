import { createContext, useContext } from 'react';

import { DatasourceLookup } from '../../api/findCulpritDatasource';

/** The app's way to the backend: the Culprit data source chosen on the configuration page (or the first one). */
export const CulpritApiContext = createContext<DatasourceLookup>({
  ok: false,
  message: 'The Culprit app is not set up.',
});

export function useCulpritApi(): DatasourceLookup {
  return useContext(CulpritApiContext);
}
