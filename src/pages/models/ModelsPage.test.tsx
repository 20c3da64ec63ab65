import fs from 'node:fs';
import path from 'node:path';

import React from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { installRecordingBackend } from '../../testing/recordingBackend';
import { CulpritApiContext } from '../common/useCulpritApi';
import { ModelsPage } from './ModelsPage';

// Polling a training job waits a second between polls; the test follows two polls.
jest.setTimeout(30_000);

const dtw = {
  id: 3,
  name: 'dtw-shop',
  classifier: 'dtw-d',
  createdAt: 1795000000000,
  active: true,
  instances: 14,
  classes: ['cart/cpu', 'normal'],
};
const ed = {
  id: 2,
  name: 'ed-shop',
  classifier: 'ed',
  createdAt: 1794990000000,
  active: false,
  instances: 14,
  classes: ['cart/cpu', 'normal'],
};
const evaluation = {
  modelId: 3,
  method: 'leave-one-out',
  instances: 14,
  accuracy: 0.857,
  serviceAccuracy: 0.9,
  ac1: 0.9,
  ac3: 1,
  labels: ['cart/cpu', 'normal'],
  confusion: [
    [6, 1],
    [1, 6],
  ],
};

function renderWith(api: ReturnType<typeof installRecordingBackend>['api']) {
  render(
    <CulpritApiContext.Provider value={{ ok: true, api, settings: {} as never }}>
      <ModelsPage />
    </CulpritApiContext.Provider>
  );
}

describe('ModelsPage', () => {
  it('lists models with their accuracy, draws the chart and the confusion matrix of the active one', async () => {
    const { api } = installRecordingBackend({
      'GET /api/models': () => ({ models: [dtw, ed] }),
      'GET /api/models/3/evaluation': () => evaluation,
    });
    renderWith(api);
    const rows = within(await screen.findByRole('table', { name: 'Models' })).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(/dtw-shop #3dtw-d.*1421?85\.7%active/);
    expect(rows[2]).toHaveTextContent(/not evaluated/);
    expect(await screen.findByRole('img', { name: 'Accuracy per classifier' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Confusion matrix' })).toBeInTheDocument();
    expect(screen.getByTestId('cell-0-0').getAttribute('data-share')).toBe('0.857');
  });

  it('activates another model', async () => {
    let active = 3;
    const { api, requests } = installRecordingBackend({
      'GET /api/models': () => ({
        models: [
          { ...dtw, active: active === 3 },
          { ...ed, active: active === 2 },
        ],
      }),
      'POST /api/models/2/activate': () => {
        active = 2;
        return { ...ed, active: true };
      },
    });
    renderWith(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Activate' }));
    expect(requests.map((r) => `${r.method} ${r.url}`)).toContain(
      'POST /api/datasources/proxy/uid/culprit/api/models/2/activate'
    );
    const rows = within(await screen.findByRole('table', { name: 'Models' })).getAllByRole('row');
    await within(rows[2]).findByText('active');
  });

  it('trains a model and follows the job with a progress bar', async () => {
    let polls = 0;
    const { api, requests } = installRecordingBackend({
      'GET /api/models': () => ({ models: [] }),
      'POST /api/models': () => ({ jobId: 'job-1' }),
      'GET /api/jobs/job-1': () => {
        polls++;
        return polls === 1
          ? {
              id: 'job-1',
              state: 'running',
              progress: 0.4,
              message: 'building instances 12/30',
              result: null,
              error: null,
            }
          : { id: 'job-1', state: 'succeeded', progress: 1, message: 'done', result: { modelId: 9 }, error: null };
      },
    });
    renderWith(api);
    await userEvent.click(await screen.findByLabelText('Model name'));
    await userEvent.paste('shop');
    await userEvent.click(screen.getByRole('radio', { name: 'Euclidean' }));
    await userEvent.click(screen.getByRole('button', { name: /Train/ }));
    expect(await screen.findByText('40% building instances 12/30')).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '40');
    expect(await screen.findByText('Trained model #9; it is now active.', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')!.data).toEqual({
      name: 'shop',
      classifier: { classifier: 'ed', k: 1 },
      evaluate: true,
      activate: true,
    });
  });

  it('shows why training could not start', async () => {
    const { api } = installRecordingBackend({
      'GET /api/models': () => ({ models: [] }),
      'POST /api/models': () => {
        throw {
          status: 409,
          data: { code: 'CULPRIT_NO_TRAINING_DATA', message: 'at least 2 classes with data are needed' },
        };
      },
    });
    renderWith(api);
    await userEvent.click(await screen.findByLabelText('Model name'));
    await userEvent.paste('x');
    await userEvent.click(screen.getByRole('button', { name: /Train/ }));
    expect(await screen.findByText('at least 2 classes with data are needed')).toBeInTheDocument();
  });
});

describe('ModelsPage with a study report', () => {
  const shopReport = fs.readFileSync(path.join(__dirname, '../../../fixtures/shop-study/report/report.json'), 'utf8');

  async function load(text: string) {
    // Grafana's FileUpload labels its (hidden) file input with the button text.
    const input = await screen.findByLabelText('Load study report.json');
    await userEvent.upload(input, new File([text], 'report.json', { type: 'application/json' }));
  }

  it("draws the shipped study's accuracy against onset shift, for either measure", async () => {
    const { api } = installRecordingBackend({ 'GET /api/models': () => ({ models: [] }) });
    renderWith(api);
    await load(shopReport);
    expect(await screen.findByRole('heading', { name: 'Accuracy against onset shift' })).toBeInTheDocument();
    expect(
      screen.getByText(
        "The shift set's 160 s windows (they hold the whole fault at every shift), moved from the true onset, 42 windows a point."
      )
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'service AC@1 against onset shift: ed, ed-k3, dtw-i, dtw-d, dtw-d-k3, minirocket, n-sigma (no labels)',
      })
    ).toBeInTheDocument();
    expect(screen.getByTestId('shift-points-ed').children[0].textContent).toBe(
      'ed at −60 s: service AC@1 0.976 (41 of 42)'
    );
    expect(screen.queryByText('0.80')).toBeNull();
    // The shift set's lowest service AC@1 is minirocket's 35 of 42 (0.833).
    await userEvent.click(screen.getByLabelText('Zoom the y axis to the data'));
    expect(within(screen.getByRole('img', { name: /against onset shift/ })).getByText('0.80')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: '(service, fault) accuracy' }));
    expect(
      screen.getByRole('img', { name: /^\(service, fault\) accuracy against onset shift: ed, .*minirocket$/ })
    ).toBeInTheDocument();
    expect(screen.getByText('No (service, fault) accuracy for n-sigma (no labels).')).toBeInTheDocument();
  });

  it('says when a report has no shifted windows, and names the field of a malformed one', async () => {
    const { api } = installRecordingBackend({ 'GET /api/models': () => ({ models: [] }) });
    renderWith(api);
    const report = JSON.parse(shopReport);
    const strip = (entry: { shifts?: unknown }) => ({ ...entry, shifts: undefined });
    await load(
      JSON.stringify({
        ...report,
        shiftSet: null,
        classifiers: report.classifiers.map(strip),
        baseline: strip(report.baseline),
      })
    );
    expect(await screen.findByText(/This report has no shifted windows, so there is no curve/)).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Accuracy per classifier' })).toBeInTheDocument();

    report.shiftSet.classifiers[1].shifts[2].serviceAc1 = 40;
    await load(JSON.stringify(report));
    expect(
      await screen.findByText(
        "report.json: The report's shiftSet.classifiers[1].shifts[2].serviceAc1 is 40: a share must be a number from 0 to 1."
      )
    ).toBeInTheDocument();
  });
});
