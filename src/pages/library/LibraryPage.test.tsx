import React from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { installRecordingBackend } from '../../testing/recordingBackend';
import { CulpritApiContext } from '../common/useCulpritApi';
import { LibraryPage } from './LibraryPage';

// Typing and clicking through Grafana's components takes seconds on a loaded two-core machine.
jest.setTimeout(30_000);

const episode = {
  id: 17,
  service: 'cart',
  fault: 'cpu',
  start: 1795000000000,
  end: 1795000300000,
  source: 'campaign',
  notes: '',
};

function renderWith(api: ReturnType<typeof installRecordingBackend>['api']) {
  render(
    <CulpritApiContext.Provider value={{ ok: true, api, settings: {} as never }}>
      <LibraryPage />
    </CulpritApiContext.Provider>
  );
}

describe('LibraryPage', () => {
  it('lists the episodes and filters by service through the API', async () => {
    const { api, requests } = installRecordingBackend({
      'GET /api/episodes': () => ({ episodes: [episode], total: 1 }),
    });
    renderWith(api);
    const table = await screen.findByRole('table', { name: 'Episodes' });
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent(/17cartcpu.*300 scampaign/);
    await userEvent.type(screen.getByLabelText('Filter by service'), 'cart');
    await waitFor(() => expect(requests.at(-1)!.params).toMatchObject({ service: 'cart', limit: 100 }));
  });

  it('deletes an episode after confirmation', async () => {
    let episodes = [episode];
    const { api } = installRecordingBackend({
      'GET /api/episodes': () => ({ episodes, total: episodes.length }),
      'DELETE /api/episodes/17': () => {
        episodes = [];
        return undefined;
      },
    });
    renderWith(api);
    await screen.findByRole('table', { name: 'Episodes' });
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Deleted episode #17.')).toBeInTheDocument();
    expect(screen.getByText(/No episode matches/)).toBeInTheDocument();
  });

  it('adds an episode typed in by hand', async () => {
    const { api, requests } = installRecordingBackend({
      'GET /api/episodes': () => ({ episodes: [], total: 0 }),
      'POST /api/episodes': () => ({ ...episode, id: 18 }),
    });
    renderWith(api);
    const fill = async (label: string, text: string) => {
      await userEvent.click(screen.getByLabelText(label));
      await userEvent.paste(text);
    };
    await screen.findByLabelText('New episode service');
    await fill('New episode service', 'orders');
    await fill('New episode fault', 'delay');
    await fill('New episode start', '2026-11-18T11:06:40Z');
    await fill('New episode end', '2026-11-18T11:11:40Z');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('Added orders/delay.')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')!.data).toEqual({
      service: 'orders',
      fault: 'delay',
      start: 1795000000000,
      end: 1795000300000,
    });
  });

  it('imports a CSV file as one batch and reports a bad line without sending anything', async () => {
    const { api, requests } = installRecordingBackend({
      'GET /api/episodes': () => ({ episodes: [], total: 0 }),
      'POST /api/episodes/import': (request) => ({
        imported: (request.data as { episodes: unknown[] }).episodes.length,
        ids: [1, 2],
      }),
    });
    renderWith(api);
    const input = (await screen.findByText('Import CSV or JSON'))
      .closest('div')!
      .parentElement!.querySelector('input[type=file]') as HTMLInputElement;
    const good = new File(
      ['service,fault,start,end\ncart,cpu,1795000000,1795000300\norders,kill,1795001000,1795001060\n'],
      'ok.csv',
      { type: 'text/csv' }
    );
    await userEvent.upload(input, good);
    expect(await screen.findByText('Imported 2 episodes from ok.csv.')).toBeInTheDocument();
    const bad = new File(['service,fault,start,end\ncart,cpu,5,1\n'], 'bad.csv', { type: 'text/csv' });
    await userEvent.upload(input, bad);
    expect(await screen.findByText('bad.csv line 2: the start must be before the end')).toBeInTheDocument();
    expect(requests.filter((r) => r.url.endsWith('/import'))).toHaveLength(1);
  });
});
