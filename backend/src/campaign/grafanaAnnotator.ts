/** A finished episode, as a Grafana region annotation shows it. */
export interface EpisodeAnnotation {
  readonly service: string;
  readonly fault: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly text: string;
}

/**
 * Writes episodes to Grafana as region annotations (`POST /api/annotations` with `time` and `timeEnd`), tagged
 * `culprit`, `fault`, the service and the fault kind, so every dashboard on the same Grafana can show them.
 */
export class GrafanaAnnotator {
  private readonly authorization: string;

  /** `credentials` is a service-account token, or `user:password` for basic auth (the demo's admin login). */
  constructor(
    private readonly grafanaUrl: string,
    credentials: string
  ) {
    this.authorization = credentials.includes(':')
      ? `Basic ${Buffer.from(credentials).toString('base64')}`
      : `Bearer ${credentials}`;
  }

  async annotate(episode: EpisodeAnnotation): Promise<number> {
    let response: Response;
    try {
      response = await fetch(new URL('/api/annotations', this.grafanaUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: this.authorization },
        body: JSON.stringify({
          time: episode.startMs,
          timeEnd: episode.endMs,
          tags: ['culprit', 'fault', `service:${episode.service}`, `fault:${episode.fault}`],
          text: episode.text,
        }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new Error(`Grafana at ${this.grafanaUrl} did not answer (${(error as Error).message})`);
    }
    const body = await response.text();
    if (response.status === 401 || response.status === 403) {
      throw new Error(
        `Grafana refused the annotation (${response.status}): give a service-account token with the Annotations:write permission`
      );
    }
    if (!response.ok) {
      throw new Error(`Grafana answered ${response.status} to POST /api/annotations: ${body.slice(0, 200)}`);
    }
    return (JSON.parse(body) as { id: number }).id;
  }
}
