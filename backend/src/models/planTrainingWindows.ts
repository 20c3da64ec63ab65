import type { Episode } from '../store/episodeStore';
import type { TrainingInstance } from '../store/modelStore';

/** The label of windows with no fault. */
export const NORMAL_LABEL = 'normal';

/** The class label of an episode. */
export function episodeLabel(episode: Pick<Episode, 'service' | 'fault'>): string {
  return `${episode.service}/${episode.fault}`;
}

/** Splits a class label back into service and fault (`normal` → service null). */
export function splitLabel(label: string): { service: string | null; fault: string } {
  const slash = label.indexOf('/');
  return slash < 0
    ? { service: null, fault: label }
    : { service: label.slice(0, slash), fault: label.slice(slash + 1) };
}

export interface WindowPlan {
  readonly windowSeconds: number;
  readonly baselineSeconds: number;
  /** The shortest window an instance is built from (shorter episodes are extended at their end). */
  readonly minWindowSeconds: number;
  /** Normal windows to sample per episode (0 = none). */
  readonly normalPerEpisode: number;
  /** Do not sample data later than this (normal windows need finished data). */
  readonly nowMs: number;
}

/**
 * The windows a model is trained on: one per episode (its own `[start, end]`, at least `minWindowSeconds` long),
 * plus normal windows of `windowSeconds` placed evenly in the quiet gaps between episodes. A normal window and its
 * baseline must not touch any episode, nor the settling time of one `windowSeconds` after an episode ends.
 */
export function planTrainingWindows(episodes: readonly Episode[], plan: WindowPlan): TrainingInstance[] {
  const sorted = [...episodes].sort((a, b) => a.start - b.start);
  const instances: TrainingInstance[] = sorted.map((episode) => ({
    episodeId: episode.id,
    label: episodeLabel(episode),
    start: episode.start,
    end: Math.max(episode.end, episode.start + plan.minWindowSeconds * 1000),
  }));
  const wanted = Math.round(plan.normalPerEpisode * sorted.length);
  if (wanted === 0 || sorted.length === 0) {
    return instances;
  }

  const windowMs = plan.windowSeconds * 1000;
  const needMs = (plan.baselineSeconds + plan.windowSeconds) * 1000;
  // Free intervals where a normal window's baseline may start.
  const gaps: Array<{ from: number; to: number }> = [];
  let busyUntil = -Infinity;
  for (const episode of sorted) {
    const settled = busyUntil + windowMs;
    if (Number.isFinite(busyUntil) && episode.start - settled >= needMs) {
      gaps.push({ from: settled, to: episode.start });
    }
    busyUntil = Math.max(busyUntil, episode.end);
  }
  const lastFree = busyUntil + windowMs;
  if (plan.nowMs - lastFree >= needMs) {
    gaps.push({ from: lastFree, to: plan.nowMs });
  }
  // A gap holds floor(length / need) windows; spread the wanted number over them, round-robin.
  const capacity = gaps.map((gap) => Math.floor((gap.to - gap.from) / needMs));
  const taken = gaps.map(() => 0);
  let remaining = Math.min(
    wanted,
    capacity.reduce((sum, c) => sum + c, 0)
  );
  while (remaining > 0) {
    for (let g = 0; g < gaps.length && remaining > 0; g++) {
      if (taken[g] < capacity[g]) {
        taken[g]++;
        remaining--;
      }
    }
  }
  gaps.forEach((gap, g) => {
    const slots = capacity[g];
    for (let i = 0; i < taken[g]; i++) {
      // Evenly spaced slots across the gap, so normal windows cover its whole length.
      const slot = Math.floor(((i + 0.5) * slots) / taken[g]);
      const start = gap.from + slot * needMs + plan.baselineSeconds * 1000;
      instances.push({ episodeId: null, label: NORMAL_LABEL, start, end: start + windowMs });
    }
  });
  return instances;
}
