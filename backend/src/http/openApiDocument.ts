/** A route as registered, for the OpenAPI document. */
export interface RouteRecord {
  readonly method: string | string[];
  readonly url: string;
  readonly schema?: Record<string, unknown>;
  readonly isPublic: boolean;
}

/**
 * Generates an OpenAPI 3.1 document from the routes' own validation schemas (typebox emits JSON Schema, which 3.1
 * takes as is), so the document cannot drift from what the server enforces.
 */
export function openApiDocument(routes: readonly RouteRecord[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const schema = (route.schema ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters = [...objectParameters(schema.params, 'path'), ...objectParameters(schema.querystring, 'query')];
    const responses: Record<string, unknown> = {};
    for (const [status, body] of Object.entries((schema.response ?? {}) as Record<string, unknown>)) {
      responses[status] = {
        description: status.startsWith('2') ? 'success' : 'error (see the error catalogue in docs/api.md)',
        content: { 'application/json': { schema: plain(body) } },
      };
    }
    const operation: Record<string, unknown> = {
      summary: schema.summary,
      parameters,
      responses,
      ...(route.isPublic ? { security: [] } : {}),
      ...(schema.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: plain(schema.body) } } } }
        : {}),
    };
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      paths[path] = { ...paths[path], [method.toLowerCase()]: operation };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Culprit backend API',
      version,
      description: 'Names the culprit microservice and the kind of fault. See docs/api.md.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}

function objectParameters(schema: Record<string, unknown> | undefined, where: 'path' | 'query'): unknown[] {
  const properties = (schema?.properties ?? {}) as Record<string, unknown>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: plain(property),
  }));
}

/** Drops typebox's symbol keys and anything else JSON cannot hold. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
