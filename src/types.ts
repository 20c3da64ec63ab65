/** The app's settings (plugin jsonData), set on its configuration page. */
export interface AppSettings {
  /** The Culprit data source the app pages use; empty: the first one. */
  datasourceUid?: string;
}
