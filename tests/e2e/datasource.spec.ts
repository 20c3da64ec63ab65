import { expect, test } from '@grafana/plugin-e2e';

// The demo stack provisions the Culprit data source (uid "culprit") with the backend URL and the token.

test('the provisioned Culprit data source passes its health check', async ({
  readProvisionedDataSource,
  gotoDataSourceConfigPage,
}) => {
  const datasource = await readProvisionedDataSource({ fileName: 'datasources.yaml', name: 'Culprit' });
  const configPage = await gotoDataSourceConfigPage(datasource.uid);
  await expect(configPage.saveAndTest()).toBeOK();
  await expect(configPage).toHaveAlert('success', { hasText: /Culprit backend .* answered/ });
});

test('a new Culprit data source keeps the token secret and reports a wrong URL', async ({
  createDataSourceConfigPage,
  page,
}) => {
  const configPage = await createDataSourceConfigPage({ type: 'culprit-datasource' });
  await page.getByPlaceholder('http://127.0.0.1:8417').fill('http://nowhere.invalid:8417');
  await page.getByPlaceholder('token').fill('not-a-real-token');
  await expect(configPage.saveAndTest()).not.toBeOK();
  await expect(configPage).toHaveAlert('error');
  await page.reload();
  await expect(page.locator('input[value="configured"]')).toBeDisabled();
});

test('the default query (diagnosis timeline) runs through the proxy', async ({
  readProvisionedDataSource,
  panelEditPage,
}) => {
  const datasource = await readProvisionedDataSource({ fileName: 'datasources.yaml', name: 'Culprit' });
  await panelEditPage.datasource.set(datasource.name);
  await expect(panelEditPage.refreshPanel()).toBeOK();
});
