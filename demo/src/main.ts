import { LoadGenerator } from './loadGenerator';
import { runService } from './runService';
import { isServiceName, SERVICE_NAMES } from './topology';

const USAGE = `usage: node demo/dist/main.js <${SERVICE_NAMES.join('|')}|loadgen>
  services read PORT, HOST and <NAME>_URL for the services they call;
  loadgen reads GATEWAY_URL, LOAD_SEED, LOAD_JOURNEYS_PER_SECOND, LOAD_CYCLE_SECONDS, PORT, HOST.`;

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}".`);
  }
  return value;
}

async function main(argv: string[]): Promise<void> {
  const role = argv[2];
  let stop: () => Promise<void>;
  if (role === 'loadgen') {
    const gatewayUrl = process.env.GATEWAY_URL;
    if (!gatewayUrl) {
      throw new Error('loadgen needs GATEWAY_URL, the base URL of the gateway (e.g. http://127.0.0.1:7101).');
    }
    const load = new LoadGenerator({
      gatewayUrl,
      seed: numberFrom(process.env, 'LOAD_SEED', 1),
      journeysPerSecond: numberFrom(process.env, 'LOAD_JOURNEYS_PER_SECOND', 4),
      cycleSeconds: numberFrom(process.env, 'LOAD_CYCLE_SECONDS', 600),
      port: numberFrom(process.env, 'PORT', 7100),
      host: process.env.HOST ?? '0.0.0.0',
    });
    await load.start();
    stop = () => load.stop();
  } else if (role && isServiceName(role)) {
    const service = await runService(role);
    process.stdout.write(`${role} listening on ${service.port}\n`);
    stop = () => service.close();
  } else {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const shutdown = () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main(process.argv).catch((error: unknown) => {
  process.stderr.write(`shop: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
