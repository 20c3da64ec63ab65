import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { ConfigEditor } from './ConfigEditor';

// Typing and clicking through Grafana's components takes seconds on a loaded two-core machine.
jest.setTimeout(30_000);

function options(overrides: object = {}) {
  return {
    id: 1,
    uid: 'culprit',
    name: 'Culprit',
    type: 'culprit-datasource',
    access: 'proxy',
    url: '',
    jsonData: { backendUrl: 'http://culprit:8417' },
    secureJsonFields: {},
    ...overrides,
  } as never;
}

describe('ConfigEditor', () => {
  it('puts the token in secureJsonData only', async () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={options()} onOptionsChange={onOptionsChange} />);
    await userEvent.type(screen.getByPlaceholderText('token'), 'x');
    const changed = onOptionsChange.mock.calls.at(-1)[0];
    expect(changed.secureJsonData).toEqual({ apiToken: 'x' });
    expect(JSON.stringify(changed.jsonData)).not.toContain('"x"');
  });

  it('shows a configured token as configured, never its value, and can reset it', async () => {
    const onOptionsChange = jest.fn();
    render(
      <ConfigEditor options={options({ secureJsonFields: { apiToken: true } })} onOptionsChange={onOptionsChange} />
    );
    expect(screen.getByDisplayValue('configured')).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(onOptionsChange.mock.calls[0][0].secureJsonFields).toEqual({ apiToken: false });
  });

  it('says what a backend URL must look like', () => {
    render(
      <ConfigEditor options={options({ jsonData: { backendUrl: 'culprit:8417' } })} onOptionsChange={jest.fn()} />
    );
    expect(screen.getByText('Use a full URL such as http://culprit:8417')).toBeInTheDocument();
  });

  it('stores the backend URL without a trailing slash', async () => {
    const onOptionsChange = jest.fn();
    render(
      <ConfigEditor options={options({ jsonData: { backendUrl: 'http://c:1' } })} onOptionsChange={onOptionsChange} />
    );
    await userEvent.type(screen.getByPlaceholderText('http://127.0.0.1:8417'), '/');
    expect(onOptionsChange.mock.calls.at(-1)[0].jsonData.backendUrl).toBe('http://c:1');
  });
});
