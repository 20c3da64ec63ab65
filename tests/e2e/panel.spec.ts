import { expect, test } from '@grafana/plugin-e2e';

// The provisioned "Shop overview" dashboard has the Culprit diagnosis panel (id 1) on the services' latency.
const DASHBOARD = { uid: 'culprit-shop-overview' };

test('the diagnosis panel draws the series and diagnoses a dragged window', async ({ gotoDashboardPage, page }) => {
  const dashboardPage = await gotoDashboardPage(DASHBOARD);
  const panel = dashboardPage.getPanelByTitle('Culprit: latency by service (drag to diagnose)');
  await expect(panel.locator.getByTestId('culprit-panel')).toBeVisible();
  await expect(panel.locator.getByRole('radio', { name: /Select/ })).toBeChecked();

  const plot = panel.locator.locator('.u-over');
  const box = (await plot.boundingBox())!;
  const diagnose = page.waitForResponse((response) => response.url().endsWith('/api/diagnose'));
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();

  const response = await diagnose;
  // 200 with an answer, or a documented refusal (e.g. 409 when no model is trained yet) shown in the panel.
  if (response.ok()) {
    await expect(panel.locator.getByTestId('culprit-ranking')).toBeVisible();
  } else {
    await expect(panel.locator.getByTestId('culprit-error')).toBeVisible();
  }
});

test('"Diagnose dashboard range" saves as a region annotation tagged culprit', async ({ gotoDashboardPage, page }) => {
  const dashboardPage = await gotoDashboardPage(DASHBOARD);
  const panel = dashboardPage.getPanelByTitle('Culprit: latency by service (drag to diagnose)');
  await panel.locator.getByRole('button', { name: /Diagnose dashboard range/ }).click();
  const summary = panel.locator.getByTestId('culprit-summary');
  test.skip(!(await summary.isVisible({ timeout: 30_000 }).catch(() => false)), 'the backend has no active model yet');
  const saved = page.waitForResponse(
    (response) => response.url().endsWith('/api/annotations') && response.request().method() === 'POST'
  );
  await panel.locator.getByRole('button', { name: /Save as annotation/ }).click();
  const response = await saved;
  expect(response.ok()).toBe(true);
  const body = response.request().postDataJSON();
  expect(body.tags).toContain('culprit');
  expect(body.timeEnd).toBeGreaterThan(body.time);
});
