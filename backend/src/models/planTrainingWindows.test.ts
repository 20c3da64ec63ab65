import type { Episode } from '../store/episodeStore';
import { planTrainingWindows, splitLabel } from './planTrainingWindows';

const episode = (id: number, startS: number, endS: number, service = 'cart'): Episode => ({
  id,
  service,
  fault: 'cpu',
  params: {},
  start: startS * 1000,
  end: endS * 1000,
  source: 'campaign',
  notes: '',
  createdAt: 0,
});

describe('planTrainingWindows', () => {
  const plan = { windowSeconds: 60, baselineSeconds: 60, minWindowSeconds: 30, normalPerEpisode: 1, nowMs: 2000_000 };

  it('uses each episode window (extended to the minimum) and places normal windows only in settled quiet gaps', () => {
    const episodes = [episode(1, 1000, 1010), episode(2, 1400, 1460, 'orders')];
    const windows = planTrainingWindows(episodes, plan);
    expect(windows.slice(0, 2)).toEqual([
      { episodeId: 1, label: 'cart/cpu', start: 1000_000, end: 1030_000 },
      { episodeId: 2, label: 'orders/cpu', start: 1400_000, end: 1460_000 },
    ]);
    const normals = windows.filter((window) => window.label === 'normal');
    expect(normals).toHaveLength(2);
    for (const normal of normals) {
      expect(normal.end - normal.start).toBe(60_000);
      for (const e of episodes) {
        // Neither the window nor its baseline touches an episode or the minute after it.
        const baselineStart = normal.start - 60_000;
        expect(baselineStart >= e.end + 60_000 || normal.end <= e.start).toBe(true);
      }
      expect(normal.end).toBeLessThanOrEqual(plan.nowMs);
    }
  });

  it('samples no normal window when the gaps are too short', () => {
    const windows = planTrainingWindows([episode(1, 1000, 1060), episode(2, 1100, 1160)], { ...plan, nowMs: 1200_000 });
    expect(windows.map((window) => window.label)).toEqual(['cart/cpu', 'cart/cpu']);
  });
});

describe('splitLabel', () => {
  it.each([
    ['cart/cpu', { service: 'cart', fault: 'cpu' }],
    ['normal', { service: null, fault: 'normal' }],
    ['api-gateway/delay', { service: 'api-gateway', fault: 'delay' }],
  ])('%s', (label, parts) => expect(splitLabel(label)).toEqual(parts));
});
