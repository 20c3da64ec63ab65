import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { startPrometheus, type RunningPrometheus, type ScrapeJob } from '../../support/startPrometheus';
import { startAlertmanager, type RunningAlertmanager } from './startAlertmanager';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver';

/** The rule file the repository ships, evaluated as is except for the `for:` and `keep_firing_for:` durations a test shortens. */
export const CULPRIT_RULES = path.resolve(__dirname, '../../../deploy/prometheus/culprit-rules.yml');

export interface AlertingStackOptions {
  readonly jobs: readonly ScrapeJob[];
  /** Scrape and rule-evaluation interval. */
  readonly intervalSeconds: number;
  /** Replaces the `for:` of the named alerts (a test cannot wait the production minutes). */
  readonly forOverrides: Readonly<Record<string, string>>;
  /** Replaces the `keep_firing_for:` of the named alerts, scaled like `for:`. */
  readonly keepFiringForOverrides?: Readonly<Record<string, string>>;
}

/** A real Prometheus evaluating Culprit's rules, a real Alertmanager, and the webhook receiver it notifies. */
export interface AlertingStack {
  readonly prometheus: RunningPrometheus;
  readonly alertmanager: RunningAlertmanager;
  readonly webhook: WebhookReceiver;
  stop(): Promise<void>;
}

/**
 * Starts the three on loopback, wired like a production setup: Prometheus scrapes `jobs`, evaluates
 * deploy/prometheus/culprit-rules.yml, and sends alerts to Alertmanager, which routes Culprit's alerts (grouped by
 * service and fault, resolved notifications on) to the webhook receiver.
 */
export async function startAlertingStack(options: AlertingStackOptions): Promise<AlertingStack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-rules-'));
  const rules = parse(readFileSync(CULPRIT_RULES, 'utf8')) as {
    groups: Array<{ rules: Array<{ alert?: string; for?: string; keep_firing_for?: string }> }>;
  };
  for (const group of rules.groups) {
    for (const rule of group.rules) {
      if (rule.alert !== undefined && options.forOverrides[rule.alert] !== undefined) {
        rule.for = options.forOverrides[rule.alert];
      }
      const keepFiringFor = rule.alert === undefined ? undefined : options.keepFiringForOverrides?.[rule.alert];
      if (keepFiringFor !== undefined) {
        rule.keep_firing_for = keepFiringFor;
      }
    }
  }
  const rulesFile = path.join(dir, 'culprit-rules.yml');
  writeFileSync(rulesFile, stringify(rules));

  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async () => {
    for (const one of started.reverse()) {
      await one.stop().catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const webhook = await startWebhookReceiver();
    started.push(webhook);
    const alertmanager = await startAlertmanager({
      route: {
        receiver: 'culprit',
        group_by: ['alertname', 'service', 'fault'],
        group_wait: '1s',
        group_interval: '1s',
        repeat_interval: '1h',
      },
      receivers: [{ name: 'culprit', webhook_configs: [{ url: webhook.url, send_resolved: true }] }],
    });
    started.push(alertmanager);
    const prometheus = await startPrometheus({
      jobs: options.jobs,
      scrapeIntervalSeconds: options.intervalSeconds,
      extraConfig: {
        rule_files: [rulesFile],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [alertmanager.target] }] }] },
      },
      flags: ['--rules.alert.resend-delay=1s'],
    });
    started.push(prometheus);
    return { prometheus, alertmanager, webhook, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
