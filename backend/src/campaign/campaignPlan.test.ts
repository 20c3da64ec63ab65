import { parseCampaignPlan, PlanError, planDurationSeconds, scheduleCampaign } from './campaignPlan';

const MINIMAL = `
services: [catalog, cart]
faults:
  - { kind: cpu }
  - { kind: memory, bytes: 256M }
  - { kind: delay, timeMs: 300 }
faultSeconds: 20
gapSeconds: 10
`;

describe('parseCampaignPlan', () => {
  it('fills every default and converts sizes to bytes', () => {
    const plan = parseCampaignPlan(MINIMAL, 'plan.yaml');
    expect(plan).toMatchObject({
      name: 'campaign',
      seed: 1,
      repetitions: 1,
      settleSeconds: 0,
      verify: true,
      rateInterval: '10s',
    });
    expect(plan.faults).toEqual([
      { kind: 'cpu', workers: 1 },
      { kind: 'memory', workers: 1, bytesPerWorker: 256 * 1024 * 1024 },
      { kind: 'delay', timeMs: 300, jitterMs: 20 },
    ]);
  });

  it.each([
    [
      'services: []\nfaults: [{kind: cpu}]\nfaultSeconds: 1\ngapSeconds: 1',
      /plan\.yaml: services: must be a non-empty list/,
    ],
    [
      'services: [a]\nfaults: [{kind: cpuu}]\nfaultSeconds: 1\ngapSeconds: 1',
      /faults\[0\]\.kind: must be one of cpu, memory, delay, loss, pause, kill, got "cpuu"/,
    ],
    [
      'services: [a]\nfaults: [{kind: pause, timeMs: 3}]\nfaultSeconds: 1\ngapSeconds: 1',
      /faults\[0\]\.timeMs: is not a parameter of pause; pause takes no parameters/,
    ],
    [
      'services: [a]\nfaults: [{kind: loss, percent: 150}]\nfaultSeconds: 1\ngapSeconds: 1',
      /faults\[0\]\.percent: must be a number from 0\.1 to 100, got 150/,
    ],
    [
      'services: [a]\nfaults: [{kind: memory, bytes: lots}]\nfaultSeconds: 1\ngapSeconds: 1',
      /faults\[0\]\.bytes: must be a size from 1M to 64G/,
    ],
    ['services: [a]\nfaults: [{kind: cpu}]\ngapSeconds: 1', /faultSeconds: is required/],
    ['services: [a, a]\nfaults: [{kind: cpu}]\nfaultSeconds: 1\ngapSeconds: 1', /services: lists a twice/],
    [
      'services: [a]\nfaults: [{kind: cpu}]\nfaultSeconds: 1\ngapSeconds: 1\nrepeats: 2',
      /repeats: unknown key; allowed keys:/,
    ],
    [
      'services: [a]\nfaults: [{kind: cpu}]\nfaultSeconds: 1\ngapSeconds: 1\nrateInterval: 10',
      /rateInterval: must be a Prometheus duration/,
    ],
    ['- just a list', /a plan is a YAML mapping/],
    ['services: [a\n', /not valid YAML/],
  ])('refuses %j naming the key and the fix', (text, message) => {
    expect(() => parseCampaignPlan(text, 'plan.yaml')).toThrow(PlanError);
    expect(() => parseCampaignPlan(text, 'plan.yaml')).toThrow(message);
  });
});

describe('scheduleCampaign', () => {
  const plan = parseCampaignPlan(`${MINIMAL}repetitions: 2\nseed: 5\n`, 'plan.yaml');

  it('schedules every (service, fault) pair once per repetition', () => {
    const schedule = scheduleCampaign(plan);
    expect(schedule).toHaveLength(2 * 2 * 3);
    const counts = new Map<string, number>();
    for (const item of schedule) {
      const key = `${item.service}/${item.spec.kind}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual(Array(6).fill(2));
    expect(schedule.map((item) => item.index)).toEqual([...Array(12).keys()]);
  });

  it('is reproducible for a seed and shuffled differently for another', () => {
    const order = (seed: number) =>
      scheduleCampaign({ ...plan, seed }).map((item) => `${item.service}/${item.spec.kind}`);
    expect(order(5)).toEqual(order(5));
    expect(order(6)).not.toEqual(order(5));
    // Shuffled: not the nested-loop order the pairs were built in.
    const nested = [0, 1].flatMap(() =>
      ['catalog', 'cart'].flatMap((service) => ['cpu', 'memory', 'delay'].map((kind) => `${service}/${kind}`))
    );
    expect(order(5)).not.toEqual(nested);
  });

  it('knows its wall time', () => {
    expect(planDurationSeconds(plan)).toBe(12 * (20 + 10));
  });
});
