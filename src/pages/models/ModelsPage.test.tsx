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
