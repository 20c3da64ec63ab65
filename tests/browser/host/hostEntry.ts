/**
 * The browser side of the test host: what Grafana gives a plugin, and no more. It shares the real @grafana/*, React
 * and friends with the plugin bundles through an AMD loader, implements `getBackendSrv` over `fetch` (the host's HTTP
 * server plays Grafana's part: the data-source proxy and the annotations API), and renders a panel plugin the way a
 * dashboard does: series with field overrides applied, a time range, options, a size.
 */
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as grafanaI18n from '@grafana/i18n';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRouter from 'react-router';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';
import { Observable } from 'rxjs';
import { flushSync } from 'react-dom';
import {
  applyFieldOverrides,
  createTheme,
  DataFrame,
  DataSourceInstanceSettings,
  dateTime,
  EventBusSrv,
  FieldType,
  LoadingState,
  PanelPlugin,
  toDataFrame,
} from '@grafana/data';
import {
  BackendSrv,
  BackendSrvRequest,
  FetchResponse,
  setBackendSrv,
  setDataSourceSrv,
  config,
} from '@grafana/runtime';

import { AmdLoader } from './amdLoader';

/** One series as the test hands it over: Prometheus-style labels and aligned time/value arrays. */
export interface HostSeries {
  /** The legend's name for the series, as a Prometheus legend format would give it. */
  name?: string;
  labels: Record<string, string>;
  times: number[];
  values: Array<number | null>;
}

export interface RenderRequest {
  pluginUrl: string;
  series?: HostSeries[];
  /** Instead of `series`: this many synthetic series of `points` points each, generated in the page. */
  synthetic?: { series: number; points: number; services: number };
  options: Record<string, unknown>;
  width: number;
  height: number;
  from: number;
  to: number;
  theme: 'dark' | 'light';
}

const loader = new AmdLoader();
const shared: Record<string, unknown> = {
  '@emotion/css': emotionCss,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUi,
  '@grafana/i18n': grafanaI18n,
  react: React,
  'react-dom': ReactDOM,
  'react-dom/client': ReactDOMClient,
  'react/jsx-runtime': jsxRuntime,
  rxjs,
  'rxjs/operators': rxjsOperators,
  'react-router': reactRouter,
};
for (const [name, exports] of Object.entries(shared)) {
  loader.register(name, exports);
}
loader.install(window as Window & { define?: unknown });

/** Grafana's backend service, over the host server (which forwards data-source proxy calls to the real backend). */
class HostBackendSrv {
  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable<FetchResponse<T>>((subscriber) => {
      const controller = new AbortController();
      const url = new URL(options.url, window.location.origin);
      for (const [key, value] of Object.entries(options.params ?? {})) {
        if (value !== undefined && value !== null) {
          url.searchParams.set(key, String(value));
        }
      }
      const hasBody = options.data !== undefined && options.method !== 'GET';
      fetch(url, {
        method: options.method ?? 'GET',
        headers: hasBody ? { 'Content-Type': 'application/json', ...options.headers } : options.headers,
        body: hasBody ? JSON.stringify(options.data) : undefined,
        signal: controller.signal,
      })
        .then(async (response) => {
          const text = await response.text();
          let data: unknown = text;
          try {
            data = text === '' ? undefined : JSON.parse(text);
          } catch {
            // Not JSON: pass the text on, as Grafana does.
          }
          const answer = {
            data: data as T,
            status: response.status,
            statusText: response.statusText,
            ok: response.ok,
            headers: response.headers,
            redirected: response.redirected,
            type: response.type,
            url: response.url,
            config: options,
          };
          // When each answer arrived, so a test can time what the panel does with it.
          (window as unknown as { answeredAt: Record<string, number> }).answeredAt ??= {};
          (window as unknown as { answeredAt: Record<string, number> }).answeredAt[url.pathname] = performance.now();
          if (!response.ok) {
            subscriber.error({ ...answer, message: response.statusText });
            return;
          }
          subscriber.next(answer);
          subscriber.complete();
        })
        .catch((error: unknown) => {
          if (!controller.signal.aborted) {
            subscriber.error({ status: 0, data: { message: String(error) }, config: options });
          }
        });
      return () => controller.abort();
    });
  }

  request<T>(options: BackendSrvRequest): Promise<T> {
    return rxjs.lastValueFrom(this.fetch<T>(options)).then((response) => response.data);
  }

  get<T>(url: string, params?: object): Promise<T> {
    return this.request({ url, params, method: 'GET' });
  }

  post<T>(url: string, data?: unknown): Promise<T> {
    return this.request({ url, data, method: 'POST' });
  }

  put<T>(url: string, data?: unknown): Promise<T> {
    return this.request({ url, data, method: 'PUT' });
  }

  patch<T>(url: string, data?: unknown): Promise<T> {
    return this.request({ url, data, method: 'PATCH' });
  }

  delete<T>(url: string, data?: unknown): Promise<T> {
    return this.request({ url, data, method: 'DELETE' });
  }

  datasourceRequest<T>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
    return rxjs.lastValueFrom(this.fetch<T>(options));
  }
}

/** The one Culprit data source of this host, reached through the proxy path Grafana would give it. */
const culpritSettings = {
  id: 1,
  uid: 'culprit',
  name: 'Culprit (test host)',
  type: 'culprit-datasource',
  access: 'proxy',
  url: '/api/datasources/proxy/uid/culprit',
  jsonData: { backendUrl: 'set server-side by the host' },
  readOnly: false,
  meta: {
    id: 'culprit-datasource',
    name: 'Culprit',
    type: 'datasource',
    info: {},
    module: '/dist/datasource/module.js',
  },
} as unknown as DataSourceInstanceSettings;

const dataSourceSrv = {
  getList: (filter: { pluginId?: string } = {}) =>
    !filter.pluginId || filter.pluginId === culpritSettings.type ? [culpritSettings] : [],
  getInstanceSettings: (ref: string | { uid?: string } | null | undefined) => {
    const key = typeof ref === 'string' ? ref : ref?.uid;
    return key === undefined || key === culpritSettings.uid || key === culpritSettings.name
      ? culpritSettings
      : undefined;
  },
  get: async (ref: string | { uid?: string } | null | undefined) => {
    if (!dataSourceSrv.getInstanceSettings(ref)) {
      throw new Error(`Data source ${JSON.stringify(ref)} was not found`);
    }
    const module = (await loader.load('/dist/datasource/module.js')) as {
      plugin: { DataSourceClass: new (s: unknown) => unknown };
    };
    return new module.plugin.DataSourceClass(culpritSettings);
  },
  reload: async () => {},
  registerRuntimeDataSource: () => {},
};

// Grafana core registers its option editors at boot; panels name them by id when they declare options. The host never
// shows an options pane, so each id only needs to exist.
const OPTION_EDITOR_IDS = [
  'text',
  'number',
  'slider',
  'boolean',
  'radio',
  'select',
  'multiSelect',
  'color',
  'unit',
  'custom',
  'links',
  'stats-picker',
  'strings',
  'timezone',
  'fieldColor',
  'dashboard-uid',
  'mappings',
  'thresholds',
  'field-name',
];
grafanaData.standardEditorsRegistry.setInit(() =>
  OPTION_EDITOR_IDS.map((id) => ({ id, name: id, editor: () => null }))
);

setBackendSrv(new HostBackendSrv() as unknown as BackendSrv);
setDataSourceSrv(dataSourceSrv as unknown as Parameters<typeof setDataSourceSrv>[0]);

const REAL_SERVICES = ['cart', 'orders', 'payments'];

function syntheticSeries(count: number, points: number, services: number, from: number, to: number): HostSeries[] {
  const times = Array.from({ length: points }, (_, i) => from + ((to - from) * i) / (points - 1));
  const result: HostSeries[] = [];
  for (let s = 0; s < count; s++) {
    const phase = s * 0.37;
    const values = times.map((_, i) => 50 + 20 * Math.sin(i / 40 + phase) + ((i * 7919 + s * 104729) % 97) / 10);
    // The first services carry the real services' names, so a diagnosis highlights some of these series too.
    const service = s % services < REAL_SERVICES.length ? REAL_SERVICES[s % services] : `svc-${s % services}`;
    result.push({ name: `${service} ${s}`, labels: { service, instance: `i-${s}`, __name__: 'cpu' }, times, values });
  }
  return result;
}

function toFrames(series: HostSeries[]): DataFrame[] {
  return series.map((s) =>
    toDataFrame({
      name: s.name,
      fields: [
        { name: 'Time', type: FieldType.time, values: s.times, config: {} },
        {
          name: 'Value',
          type: FieldType.number,
          values: s.values,
          labels: s.labels,
          // Grafana fills the colour mode in from the panel's standard option defaults (the classic palette, in our
          // module); the host has no option registry to do that, so it is set here.
          config: { color: { mode: 'palette-classic' }, ...(s.name ? { displayNameFromDS: s.name } : {}) },
        },
      ],
    })
  );
}

let root: ReactDOMClient.Root | null = null;

/**
 * Mounts `child` in a box (`#panel`, `#app`) inside Grafana's theme and global styles, replacing what was shown;
 * returns the page's root element.
 */
function mountThemed(
  theme: ReturnType<typeof createTheme>,
  box: { id: string; style: React.CSSProperties },
  child: React.ReactElement
): HTMLElement {
  const element = React.createElement(
    grafanaData.ThemeContext.Provider,
    { value: theme },
    React.createElement(grafanaUi.GlobalStyles),
    React.createElement('div', box, child)
  );
  const container = document.getElementById('root')!;
  root?.unmount();
  root = ReactDOMClient.createRoot(container);
  flushSync(() => root!.render(element));
  return container;
}

/** Renders the panel plugin at `pluginUrl`; resolves once the graph has been painted, with the time it took. */
async function renderPanel(request: RenderRequest): Promise<{ renderMs: number; series: number }> {
  const theme = createTheme({ colors: { mode: request.theme } });
  (config as { theme2: unknown }).theme2 = theme;
  document.body.style.background = theme.colors.background.canvas;
  const module = (await loader.load(request.pluginUrl)) as { plugin: PanelPlugin };
  const Panel = module.plugin.panel!;
  const series =
    request.series ??
    syntheticSeries(
      request.synthetic!.series,
      request.synthetic!.points,
      request.synthetic!.services,
      request.from,
      request.to
    );

  const started = performance.now();
  const timeRange = {
    from: dateTime(request.from),
    to: dateTime(request.to),
    raw: { from: dateTime(request.from), to: dateTime(request.to) },
  };
  // The defaults Grafana fills in from the panel's standard options (our module sets the classic palette).
  const fieldConfig = { defaults: { color: { mode: 'palette-classic' } }, overrides: [] };
  // What the dashboard's query runner does before a panel sees its data: display processors, colours, series index.
  const frames = applyFieldOverrides({
    data: toFrames(series),
    fieldConfig,
    replaceVariables: (value: string) => value,
    theme,
    timeZone: 'utc',
    fieldConfigRegistry: module.plugin.fieldConfigRegistry,
  });
  const data = {
    state: LoadingState.Done,
    series: frames,
    timeRange,
    request: { dashboardUID: 'host-dashboard', panelId: 7 },
  };
  const eventBus = new EventBusSrv();
  const container = mountThemed(
    theme,
    {
      id: 'panel',
      style: {
        width: request.width,
        height: request.height,
        padding: 8,
        background: theme.colors.background.primary,
        border: `1px solid ${theme.colors.border.weak}`,
      },
    },
    React.createElement(Panel, {
      id: 7,
      data,
      timeRange,
      timeZone: 'utc',
      options: request.options,
      fieldConfig,
      transparent: false,
      width: request.width,
      height: request.height,
      renderCounter: 0,
      title: 'Culprit diagnosis',
      eventBus,
      onOptionsChange: () => {},
      onFieldConfigChange: () => {},
      replaceVariables: (value: string) => value,
      onChangeTimeRange: (range: { from: number; to: number }) => {
        (window as unknown as { lastZoom: unknown }).lastZoom = range;
      },
    } as unknown as React.ComponentProps<typeof Panel>)
  );
  // The graph appears once the legend has been measured (a ResizeObserver round) and uPlot has committed its first
  // draw; the time counts until the frame after that, when the browser has painted it.
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  while (!container.querySelector('#panel .u-over canvas, #panel canvas')) {
    if (performance.now() - started > 20_000) {
      throw new Error('The panel rendered, but no uPlot graph appeared within 20 s.');
    }
    await nextFrame();
  }
  await nextFrame();
  const renderMs = performance.now() - started;
  return { renderMs, series: series.length };
}

/** Runs the BUILT data source plugin like Grafana does: its health check and a timeline and an incidents query. */
async function runDatasource(request: { from: number; to: number; stepSeconds: number }) {
  const ds = (await dataSourceSrv.get('culprit')) as grafanaData.DataSourceApi;
  const health = await ds.testDatasource();
  const range = {
    from: dateTime(request.from),
    to: dateTime(request.to),
    raw: { from: dateTime(request.from), to: dateTime(request.to) },
  };
  const answer = await rxjs.lastValueFrom(
    rxjs.from(
      Promise.resolve(
        ds.query({
          range,
          targets: [
            { refId: 'A', queryType: 'timeline', schemaVersion: 2, stepSeconds: request.stepSeconds },
            { refId: 'B', queryType: 'incidents', schemaVersion: 2 },
          ],
          requestId: 'host',
          interval: '1s',
          intervalMs: 1000,
          scopedVars: {},
          timezone: 'utc',
          app: 'dashboard',
          startTime: Date.now(),
        } as unknown as grafanaData.DataQueryRequest)
      )
    )
  );
  const frames = (answer as grafanaData.DataQueryResponse).data.map((frame: DataFrame) => ({
    refId: frame.refId,
    fields: frame.fields.map((field) => ({ name: field.name, type: field.type, values: Array.from(field.values) })),
  }));
  return { health, frames, errors: (answer as grafanaData.DataQueryResponse).errors ?? [] };
}

/** Renders the BUILT app plugin's root page at `path` (e.g. `/models`), inside a router as Grafana does. */
async function renderApp(request: { path: string; width: number; theme: 'dark' | 'light' }) {
  const theme = createTheme({ colors: { mode: request.theme } });
  (config as { theme2: unknown }).theme2 = theme;
  document.body.style.background = theme.colors.background.canvas;
  const module = (await loader.load('/dist/module.js')) as { plugin: grafanaData.AppPlugin };
  const Root = module.plugin.root!;
  const meta = {
    id: 'culprit-app',
    name: 'Culprit',
    type: 'app',
    enabled: true,
    jsonData: { datasourceUid: 'culprit' },
  };
  mountThemed(
    theme,
    { id: 'app', style: { width: request.width, padding: 16, background: theme.colors.background.primary } },
    React.createElement(
      reactRouter.MemoryRouter,
      { initialEntries: [request.path] },
      React.createElement(
        reactRouter.Routes,
        null,
        React.createElement(reactRouter.Route, {
          path: '/*',
          element: React.createElement(Root, {
            meta,
            path: '',
            basename: '',
            query: {},
            onNavChanged: () => {},
          } as never),
        })
      )
    )
  );
}

(window as unknown as { culpritHost: unknown }).culpritHost = { renderPanel, runDatasource, renderApp, loader };
