/**
 * A minimal AMD loader, the part of Grafana's SystemJS setup that plugins rely on: a plugin's `module.js` is one
 * anonymous `define([deps], factory)`; dependencies are either the shared modules the host registered, or `module`
 * (whose `uri` webpack uses to find the plugin's public path).
 */

type Factory = (...deps: unknown[]) => unknown;

interface PendingDefine {
  deps: string[];
  factory: Factory | object;
}

export class AmdLoader {
  private readonly shared = new Map<string, unknown>();
  private readonly loaded = new Map<string, Promise<unknown>>();
  private pending: PendingDefine[] = [];

  /** Makes `exports` available to plugins under `name` (e.g. `@grafana/data`). */
  register(name: string, exports: unknown): void {
    this.shared.set(name, exports);
  }

  /** Installs `define` on the window, as plugins expect to find it. */
  install(target: Window & { define?: unknown }): void {
    const define = (depsOrFactory: string[] | Factory | object, maybeFactory?: Factory | object) => {
      if (Array.isArray(depsOrFactory)) {
        this.pending.push({ deps: depsOrFactory, factory: maybeFactory ?? {} });
      } else {
        this.pending.push({ deps: [], factory: depsOrFactory });
      }
    };
    (define as unknown as { amd: object }).amd = {};
    target.define = define;
  }

  /** Loads a plugin bundle by URL and returns its exports (`{ plugin }`). */
  load(url: string): Promise<unknown> {
    const absolute = new URL(url, document.baseURI).href;
    let promise = this.loaded.get(absolute);
    if (!promise) {
      promise = new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = absolute;
        script.async = false;
        script.onload = () => {
          const definition = this.pending.shift();
          if (!definition) {
            reject(new Error(`${absolute} loaded but did not call define(): is it an AMD bundle?`));
            return;
          }
          try {
            resolve(this.instantiate(definition, absolute));
          } catch (error) {
            reject(error);
          }
        };
        script.onerror = () => reject(new Error(`Could not load ${absolute}`));
        document.head.appendChild(script);
      });
      this.loaded.set(absolute, promise);
    }
    return promise;
  }

  private instantiate(definition: PendingDefine, uri: string): unknown {
    if (typeof definition.factory !== 'function') {
      return definition.factory;
    }
    const exports: Record<string, unknown> = {};
    const args = definition.deps.map((dep) => {
      if (dep === 'module') {
        return { uri, id: uri, exports };
      }
      if (dep === 'exports') {
        return exports;
      }
      if (!this.shared.has(dep)) {
        throw new Error(`The plugin at ${uri} needs "${dep}", which the host does not share.`);
      }
      return this.shared.get(dep);
    });
    const result = (definition.factory as Factory)(...args);
    return result ?? exports;
  }
}
