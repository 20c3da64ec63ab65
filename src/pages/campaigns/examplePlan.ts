/** A small plan in the format of plans/*.yaml (the backend validates it with the same parser as the CLI). */
export const EXAMPLE_PLAN = `# One fault at a time on each service, in a seeded random order, with quiet gaps between (see plans/).
name: shop-cpu-delay
seed: 1
services: [cart, orders]
faults:
  - { kind: cpu, workers: 1 }
  - { kind: delay, timeMs: 300, jitterMs: 30 }
repetitions: 2
faultSeconds: 60
gapSeconds: 60
settleSeconds: 30
`;
