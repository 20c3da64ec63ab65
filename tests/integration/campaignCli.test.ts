/** `culprit campaign run` refuses bad plans and flags with exit code 2 and a message naming what to fix. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CLI = path.resolve(__dirname, '..', '..', 'backend', 'bin', 'culprit.js');

describe('culprit campaign run', () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'culprit-campaign-cli-'));
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  const run = (planText: string | undefined, ...flags: string[]) => {
    const plan = path.join(directory, 'plan.yaml');
    if (planText !== undefined) {
      writeFileSync(plan, planText);
    }
    const journal = path.join(directory, 'journal.json');
    const result = spawnSync(
      process.execPath,
      [
        CLI,
        'campaign',
        'run',
        planText === undefined ? path.join(directory, 'missing.yaml') : plan,
        '--journal',
        journal,
        '--store',
        path.join(directory, 's.sqlite'),
        ...flags,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, CULPRIT_LAB_URL: '' },
      }
    );
    return { status: result.status, stderr: result.stderr };
  };

  const good = 'services: [cart]\nfaults: [{kind: cpu}]\nfaultSeconds: 5\ngapSeconds: 5\n';

  it.each([
    [
      'an unknown fault kind',
      'services: [cart]\nfaults: [{kind: explode}]\nfaultSeconds: 5\ngapSeconds: 5\n',
      [],
      /faults\[0\]\.kind: must be one of cpu, memory, delay, loss, pause, kill/,
    ],
    [
      'a plan without faultSeconds',
      'services: [cart]\nfaults: [{kind: cpu}]\ngapSeconds: 5\n',
      [],
      /faultSeconds: is required/,
    ],
    ['the local driver without a lab URL', good, [], /the local driver needs --lab-url/],
    [
      'an unknown driver',
      good,
      ['--driver', 'chaosmonkey'],
      /--driver.*chaosmonkey.*local, pumba|Allowed choices are local, pumba/,
    ],
    [
      'a Grafana URL without a token',
      good,
      ['--lab-url', 'http://127.0.0.1:1', '--grafana-url', 'http://127.0.0.1:3000'],
      /--grafana-url needs --grafana-token/,
    ],
    [
      'a bad metrics port',
      good,
      ['--lab-url', 'http://127.0.0.1:1', '--metrics-port', '70000'],
      /--metrics-port must be a TCP port/,
    ],
  ])('refuses %s with exit code 2', (_name, plan, flags, message) => {
    const result = run(plan, ...(flags as string[]));
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(2);
  });

  it('refuses a missing plan file with exit code 2', () => {
    const result = run(undefined, '--lab-url', 'http://127.0.0.1:1');
    expect(result.stderr).toMatch(/cannot read the plan .*missing\.yaml \(ENOENT\)/);
    expect(result.status).toBe(2);
  });

  it('fails with exit code 1 and says what to run when the lab is not there', () => {
    const result = run(good, '--lab-url', 'http://127.0.0.1:1', '--no-progress');
    expect(result.stderr).toMatch(/lab supervisor at http:\/\/127\.0\.0\.1:1 did not answer .*npm run lab/);
    expect(result.status).toBe(1);
  });
});
