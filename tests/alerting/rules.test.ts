import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

// The alerting files are checked by the tools that will load them: promtool (Prometheus's own rule parser and
// evaluator) and amtool (Alertmanager's config loader), both from the Debian packages.
const ROOT = path.resolve(__dirname, '../..');
const RULES = path.join(ROOT, 'deploy/prometheus/culprit-rules.yml');
const RULE_TESTS = path.join(ROOT, 'tests/alerting/fixtures/culprit-rules.test.yml');
const ALERTMANAGER_CONFIG = path.join(ROOT, 'deploy/alertmanager/alertmanager.yml');
const GRAFANA_RULES = path.join(ROOT, 'provisioning/grafana/alerting/culprit-alerts.yaml');
const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';
const AMTOOL = process.env.AMTOOL_BIN ?? '/usr/bin/amtool';

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.error) {
    throw new Error(`could not run ${command} (${result.error.message}): install the Debian package that ships it`);
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface PrometheusRule {
  alert: string;
  expr: string;
  for: string;
  keep_firing_for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

interface GrafanaQuery {
  refId: string;
  datasourceUid: string;
  model: {
    expr?: string;
    type?: string;
    expression?: string;
    conditions?: Array<{ evaluator: { type: string; params: number[] } }>;
  };
}

interface GrafanaRule {
  uid: string;
  title: string;
  condition: string;
  for: string;
  keepFiringFor?: string;
  data: GrafanaQuery[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const prometheusRules = (
  parse(readFileSync(RULES, 'utf8')) as { groups: Array<{ rules: PrometheusRule[] }> }
).groups.flatMap((group) => group.rules);
const grafanaFile = parse(readFileSync(GRAFANA_RULES, 'utf8')) as {
  apiVersion: number;
  groups: Array<{ orgId: number; name: string; folder: string; interval: string; rules: GrafanaRule[] }>;
};
const grafanaRules = grafanaFile.groups.flatMap((group) => group.rules);

describe('deploy/prometheus/culprit-rules.yml', () => {
  it('passes promtool check rules', () => {
    const { status, output } = run(PROMTOOL, ['check', 'rules', RULES]);
    expect(output).toContain('SUCCESS: 3 rules found');
    expect(status).toBe(0);
  });

  it('passes its promtool unit tests (fires after `for:`, names service and fault, holds through a dip, resolves, one alert for two replicas)', () => {
    const { status, output } = run(PROMTOOL, ['test', 'rules', RULE_TESTS]);
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
  });

  it('labels the fault alert with the service and fault and writes the diagnosis in its annotations', () => {
    const rule = prometheusRules.find((candidate) => candidate.alert === 'CulpritFaultDiagnosed')!;
    expect(rule.expr).toMatch(/by \(service, fault\)/);
    expect(rule.annotations.summary).toContain('{{ $labels.service }}');
    expect(rule.annotations.summary).toContain('{{ $labels.fault }}');
    expect(rule.annotations.description).toContain('$value');
  });
});

describe('deploy/alertmanager/alertmanager.yml', () => {
  it('passes amtool check-config', () => {
    const { status, output } = run(AMTOOL, ['check-config', ALERTMANAGER_CONFIG]);
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
  });

  it("routes Culprit's alerts to a receiver that also sends resolved notifications", () => {
    const config = parse(readFileSync(ALERTMANAGER_CONFIG, 'utf8')) as {
      route: { routes: Array<{ receiver: string; matchers: string[]; group_by: string[] }> };
      receivers: Array<{ name: string; webhook_configs?: Array<{ send_resolved: boolean }> }>;
    };
    const route = config.route.routes.find((candidate) => candidate.matchers.includes('source = "culprit"'))!;
    expect(route.group_by).toEqual(expect.arrayContaining(['service', 'fault']));
    const receiver = config.receivers.find((candidate) => candidate.name === route.receiver)!;
    expect(receiver.webhook_configs?.[0].send_resolved).toBe(true);
  });
});

describe('provisioning/grafana/alerting/culprit-alerts.yaml (Grafana alert rules)', () => {
  it('is a Grafana alerting provisioning file whose rules have unique uids and a condition among their queries', () => {
    expect(grafanaFile.apiVersion).toBe(1);
    expect(new Set(grafanaRules.map((rule) => rule.uid)).size).toBe(grafanaRules.length);
    for (const rule of grafanaRules) {
      expect(rule.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
      const refIds = rule.data.map((query) => query.refId);
      expect(refIds).toContain(rule.condition);
      for (const query of rule.data) {
        if (query.datasourceUid === '__expr__') {
          // Expressions may only refer to queries of the same rule.
          expect(refIds).toContain(query.model.expression);
        }
      }
    }
  });

  it('alerts on the same series, threshold and duration as the Prometheus rule', () => {
    const prometheusRule = prometheusRules.find((candidate) => candidate.alert === 'CulpritFaultDiagnosed')!;
    const grafanaRule = grafanaRules.find((candidate) => candidate.title === 'CulpritFaultDiagnosed')!;
    const [, selector, threshold] = /^(.*) > ([0-9.]+)$/.exec(prometheusRule.expr)!;
    expect(grafanaRule.data.find((query) => query.refId === 'A')!.model.expr).toBe(selector);
    const condition = grafanaRule.data.find((query) => query.refId === grafanaRule.condition)!;
    expect(condition.model.conditions![0].evaluator).toEqual({ type: 'gt', params: [Number(threshold)] });
    expect(grafanaRule.for).toBe(prometheusRule.for);
    expect(grafanaRule.keepFiringFor).toBe(prometheusRule.keep_firing_for);
    expect(grafanaRule.labels).toEqual(prometheusRule.labels);
    expect(grafanaRule.annotations.summary).toBe(prometheusRule.annotations.summary);
  });

  it('queries every PromQL expression through a Prometheus datasource that the demo provisions', () => {
    const uids = new Set(
      grafanaRules.flatMap((rule) => rule.data.map((query) => query.datasourceUid)).filter((uid) => uid !== '__expr__')
    );
    expect([...uids]).toEqual(['prometheus']);
    const datasourceDir = path.join(ROOT, 'provisioning/grafana/datasources');
    const provisioned = existsSync(datasourceDir)
      ? readdirSync(datasourceDir)
          .filter((file) => /\.ya?ml$/.test(file))
          .flatMap(
            (file) =>
              (
                parse(readFileSync(path.join(datasourceDir, file), 'utf8')) as {
                  datasources?: Array<{ uid?: string; type?: string }>;
                }
              ).datasources ?? []
          )
      : [];
    expect(provisioned).toEqual(
      expect.arrayContaining([expect.objectContaining({ uid: 'prometheus', type: 'prometheus' })])
    );
  });

  it('has PromQL that Prometheus accepts (checked by promtool as recording rules)', () => {
    // promtool parses the expressions exactly as Prometheus would; Grafana sends them to Prometheus unchanged.
    const exprs = grafanaRules.flatMap((rule) =>
      rule.data.map((query) => query.model.expr).filter((expr): expr is string => expr !== undefined)
    );
    const dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-grafana-promql-'));
    try {
      const file = path.join(dir, 'rules.yml');
      writeFileSync(
        file,
        JSON.stringify({
          groups: [
            { name: 'grafana', rules: exprs.map((expr, i) => ({ record: `culprit:grafana_check_${i}`, expr })) },
          ],
        })
      );
      const { status, output } = run(PROMTOOL, ['check', 'rules', file]);
      expect(output).toContain(`SUCCESS: ${exprs.length} rules found`);
      expect(status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
