/**
 * The node side of the test host, in Grafana's place: serves the host page and the built plugin bundles, forwards
 * data-source proxy calls to a real Culprit backend with the token added here (as Grafana's proxy adds it from
 * secureJsonData, so the page never sees it), and keeps the annotations that `POST /api/annotations` creates.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { AddressInfo } from 'node:net';

import esbuild from 'esbuild';

const REPO = path.resolve(__dirname, '../../..');
const PROXY_PREFIX = '/api/datasources/proxy/uid/culprit/';

export interface HostServerOptions {
  /** Base URL of the running Culprit backend, e.g. `http://127.0.0.1:8417`. */
  backendUrl: string;
  /** The bearer token the backend accepts. */
  apiToken: string;
  /** Where the host bundle was built (see `buildHostBundle`). */
  bundleDir: string;
}

export interface StoredAnnotation {
  id: number;
  dashboardUID?: string;
  panelId?: number;
  time: number;
  timeEnd: number;
  tags: string[];
  text: string;
}

export interface HostServer {
  url: string;
  annotations: StoredAnnotation[];
  /** Every request the proxy forwarded, with the backend's status, in order. */
  proxied: Array<{ method: string; path: string; status: number; body?: unknown; answer?: unknown }>;
  close(): Promise<void>;
}

/** Bundles the host page's script (shared modules, AMD loader, backend service) into `outDir`; about 5 s. */
export async function buildHostBundle(outDir: string): Promise<void> {
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'hostEntry.ts')],
    outfile: path.join(outDir, 'host.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty' },
    logLevel: 'error',
  });
  // esbuild keeps a service process for further builds; there are none, and it would keep jest from exiting.
  await esbuild.stop();
}

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Culprit plugin test host</title>
<link rel="stylesheet" href="/host/host.css" onerror="this.remove()">
<style>html,body{margin:0;padding:0} #root{padding:16px;display:inline-block}</style>
</head><body><div id="root"></div><script src="/host/host.js"></script></body></html>`;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Starts the host server on 127.0.0.1 and a free port. */
export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const annotations: StoredAnnotation[] = [];
  const proxied: HostServer['proxied'] = [];

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://host');
      if (url.pathname === '/') {
        return send(res, 200, 'text/html', PAGE);
      }
      if (url.pathname.startsWith('/host/')) {
        return serveFile(res, options.bundleDir, url.pathname.slice('/host/'.length));
      }
      if (url.pathname.startsWith('/public/build/img/')) {
        // Grafana serves @grafana/ui's icons from here.
        const icons = path.join(REPO, 'node_modules/@grafana/ui/dist/public/img');
        return serveFile(res, icons, url.pathname.slice('/public/build/img/'.length));
      }
      if (url.pathname.startsWith('/dist/')) {
        return serveFile(res, path.join(REPO, 'dist'), url.pathname.slice('/dist/'.length));
      }
      if (url.pathname.startsWith(PROXY_PREFIX)) {
        const target = `${options.backendUrl}/${url.pathname.slice(PROXY_PREFIX.length)}${url.search}`;
        const body = await readBody(req);
        const upstream = await fetch(target, {
          method: req.method,
          headers: {
            Authorization: `Bearer ${options.apiToken}`,
            ...(body.length ? { 'Content-Type': req.headers['content-type'] ?? 'application/json' } : {}),
          },
          body: body.length ? new Uint8Array(body) : undefined,
        });
        const text = await upstream.text();
        proxied.push({
          method: req.method ?? 'GET',
          path: url.pathname.slice(PROXY_PREFIX.length - 1),
          status: upstream.status,
          body: body.length ? JSON.parse(body.toString('utf8')) : undefined,
          answer: parseJson(text),
        });
        return send(res, upstream.status, upstream.headers.get('content-type') ?? 'application/json', text);
      }
      if (url.pathname === '/api/annotations' && req.method === 'POST') {
        const body = JSON.parse((await readBody(req)).toString('utf8'));
        const annotation = { id: annotations.length + 1, ...body } as StoredAnnotation;
        annotations.push(annotation);
        return send(res, 200, 'application/json', JSON.stringify({ id: annotation.id, message: 'Annotation added' }));
      }
      if (url.pathname === '/api/annotations' && req.method === 'GET') {
        return send(res, 200, 'application/json', JSON.stringify(annotations));
      }
      send(res, 404, 'application/json', JSON.stringify({ message: `The test host does not serve ${url.pathname}` }));
    } catch (error) {
      send(res, 500, 'application/json', JSON.stringify({ message: String(error) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    annotations,
    proxied,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function serveFile(res: http.ServerResponse, root: string, relative: string) {
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file)) {
    return send(res, 404, 'text/plain', `not found: ${relative}`);
  }
  send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
