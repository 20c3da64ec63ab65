import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { installRecordingBackend } from '../../testing/recordingBackend';
import { CulpritApiContext } from '../common/useCulpritApi';
import { CampaignsPage } from './CampaignsPage';

// Typing and clicking through Grafana's components takes seconds on a loaded two-core machine.
jest.setTimeout(30_000);

function renderWith(api: ReturnType<typeof installRecordingBackend>['api']) {
  render(
    <CulpritApiContext.Provider value={{ ok: true, api, settings: {} as never }}>
      <CampaignsPage />
    </CulpritApiContext.Provider>
  );
}

describe('CampaignsPage', () => {
  it('says campaigns are not available when the backend has no campaign route', async () => {
    const { api } = installRecordingBackend({});
    renderWith(api);
    expect(await screen.findByText('Campaigns are not available on this backend')).toBeInTheDocument();
  });

  it("says campaigns are not configured, with the backend's advice, when its culprit.yaml has no campaigns section", async () => {
    const { api } = installRecordingBackend({
      'GET /api/campaigns': () => {
        throw {
          status: 501,
          data: {
            code: 'CULPRIT_CAMPAIGNS_NOT_CONFIGURED',
            message: 'campaigns are not configured: add `campaigns:` to culprit.yaml (see docs/api.md)',
          },
        };
      },
    });
    renderWith(api);
    expect(await screen.findByText('Campaigns are not configured on this backend')).toBeInTheDocument();
    expect(screen.getByText(/add `campaigns:` to culprit.yaml/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Start campaign/ })).not.toBeInTheDocument();
  });

  it('shows live progress of a running campaign and stops it', async () => {
    let state = 'running';
    const { api, requests } = installRecordingBackend({
      'GET /api/campaigns': () => ({
        campaigns: [
          {
            id: 4,
            state,
            plan: 'shop-cpu',
            total: 10,
            completed: 3,
            current: { service: 'cart', fault: 'cpu', start: 1795000000000, end: 1795000120000 },
          },
        ],
      }),
      'POST /api/campaigns/4/stop': () => {
        state = 'stopped';
        return { id: 4, state, plan: 'shop-cpu', total: 10, completed: 4, current: null };
      },
    });
    renderWith(api);
    expect(await screen.findByText(/3 of 10 faults done · now: cart\/cpu/)).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '30');
    expect(screen.getByRole('button', { name: /Start campaign/ })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: /Stop/ }));
    expect(await screen.findByText('stopped')).toBeInTheDocument();
    expect(requests.map((r) => `${r.method} ${r.url}`)).toContain(
      'POST /api/datasources/proxy/uid/culprit/api/campaigns/4/stop'
    );
  });

  it('starts a campaign with the plan text and shows a refusal', async () => {
    const { api, requests } = installRecordingBackend({
      'GET /api/campaigns': () => ({ campaigns: [] }),
      'POST /api/campaigns': () => {
        throw {
          status: 400,
          data: { code: 'CULPRIT_VALIDATION', message: 'body/plan: faults[0].service "nope" is not configured' },
        };
      },
    });
    renderWith(api);
    await userEvent.click(await screen.findByRole('button', { name: /Start campaign/ }));
    expect(await screen.findByText(/faults\[0\].service "nope" is not configured/)).toBeInTheDocument();
    expect((requests.find((r) => r.method === 'POST')!.data as { plan: string }).plan).toMatch(
      /^# One fault at a time/
    );
  });
});
