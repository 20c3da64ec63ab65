import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { LabSupervisor } from '../../backend/src/lab/labSupervisor';
import { labPrerequisites } from '../../backend/src/lab/runLab';
import { SHOP_MAIN } from '../../backend/src/lab/shopLayout';
import { freePort } from '../support/freePort';
import { pollUntil } from '../support/spawnServer';

// Two labs started side by side on one machine can be handed the same free port (each picks one by binding port 0
// and letting it go). Seen while recording the study: another lab's `inventory` held the port given to `shipping`,
// whose process died at once (EADDRINUSE), was never restarted, and the lab called it healthy because the other
// process answered /health there. The supervisor must neither trust a stranger's /health nor give up on a process
// that died before it could be moved into its cgroups.

const HOST = '127.0.0.1';
const problems = labPrerequisites();
const describeIfLab = problems.length === 0 ? describe : describe.skip;
if (problems.length > 0) {
  console.warn(`skipping the lab supervisor test: ${problems.join('; ')}`);
}

describeIfLab('lab supervisor: a service whose port another process holds', () => {
  let dir: string;
  let squatter: http.Server;
  let supervisor: LabSupervisor | undefined;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'culprit-supervisor-'));
  });

  afterAll(async () => {
    await supervisor?.stop();
    await new Promise((resolve) => squatter?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('is not healthy while a stranger answers on its port, keeps restarting it, and runs it once the port is free', async () => {
    const port = await freePort();
    // Another lab's shop service on the port: it answers /health, under its own name.
    squatter = http.createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', service: 'inventory' }));
    });
    await new Promise<void>((resolve) => squatter.listen(port, HOST, resolve));

    supervisor = new LabSupervisor({
      host: HOST,
      labId: `supervisor-test-${process.pid}`,
      processes: [
        {
          name: 'shipping',
          command: process.execPath,
          args: [SHOP_MAIN, 'shipping'],
          env: { PORT: String(port), HOST },
          port,
          faultTarget: true,
        },
      ],
      cpuLimitCores: 0.5,
      controlPort: await freePort(),
      logDir: dir,
      restartDelayMs: 200,
    });
    await supervisor.start();

    await expect(supervisor.waitHealthy(3_000)).rejects.toThrow(/not healthy after 3000 ms: shipping/);
    const restarts = () => supervisor!.state().services.find((s) => s.name === 'shipping')!.restarts;
    await expect(
      pollUntil(
        async () => restarts() >= 2,
        10_000,
        () => false,
        100
      )
    ).resolves.toBe(true);
    expect(readFileSync(path.join(dir, 'shipping.log'), 'utf8')).toMatch(/EADDRINUSE/);

    // The other process goes away: the next restart takes the port, and now the service is healthy.
    await new Promise((resolve) => squatter.close(resolve));
    await supervisor.waitHealthy(15_000);
    const health = (await (await fetch(`http://${HOST}:${port}/health`)).json()) as { service: string };
    expect(health.service).toBe('shipping');
  }, 60_000);
});
