import { expect, test } from '@grafana/plugin-e2e';

test('the Fault library page lists episodes with filters', async ({ gotoAppPage }) => {
  const appPage = await gotoAppPage({ pluginId: 'culprit-app', path: '/library' });
  await expect(appPage.ctx.page.getByLabel('Filter by service')).toBeVisible();
  await expect(appPage.ctx.page.getByRole('button', { name: /Add/ })).toBeVisible();
});

test('the Models page offers training and shows the models', async ({ gotoAppPage }) => {
  const appPage = await gotoAppPage({ pluginId: 'culprit-app', path: '/models' });
  await expect(appPage.ctx.page.getByRole('heading', { name: 'Train a model' })).toBeVisible();
  await expect(appPage.ctx.page.getByRole('heading', { name: 'Accuracy per classifier' })).toBeVisible();
});

test('the Campaigns page shows the plan editor or says campaigns are not available', async ({ gotoAppPage }) => {
  const appPage = await gotoAppPage({ pluginId: 'culprit-app', path: '/campaigns' });
  const page = appPage.ctx.page;
  await expect(
    page.getByLabel('Campaign plan').or(page.getByText('Campaigns are not available on this backend'))
  ).toBeVisible();
});

test('the configuration page picks the Culprit data source', async ({ gotoAppConfigPage }) => {
  const configPage = await gotoAppConfigPage({ pluginId: 'culprit-app' });
  await expect(configPage.ctx.page.getByText('Culprit data source')).toBeVisible();
});
