import React from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { exampleDiagnosis } from '../testDiagnosis';
import { DiagnosisState, DiagnosisSummary, formatDistance } from './DiagnosisSummary';

// Typing and clicking through Grafana's components takes seconds on a loaded two-core machine.
jest.setTimeout(30_000);

// 1795000000000 ms is 2026-11-18T11:06:40Z (new Date(...).toISOString()).
const window = { from: 1795000000000, to: 1795000600000 };

function renderSummary(state: DiagnosisState, overrides: Partial<React.ComponentProps<typeof DiagnosisSummary>> = {}) {
  const props = {
    state,
    timeZone: 'utc',
    rankingSize: 5,
    showEvidence: true,
    knownServices: ['cart', 'orders', 'frontend'],
    onRetry: jest.fn(),
    onSaveAnnotation: jest.fn(),
    annotationStatus: { kind: 'idle' as const },
    onFeedback: jest.fn(async () => 'Confirmed'),
    ...overrides,
  };
  render(<DiagnosisSummary {...props} />);
  return props;
}

describe('DiagnosisSummary', () => {
  it('explains how to start when nothing was asked yet', () => {
    renderSummary({ kind: 'idle' });
    expect(screen.getByTestId('culprit-idle')).toHaveTextContent(/drag across the graph/);
  });

  it('says what to set up when there is no Culprit data source, before anyone drags', () => {
    renderSummary({ kind: 'idle' }, { setupProblem: 'No Culprit data source is configured.' });
    expect(screen.getByTestId('culprit-setup')).toHaveTextContent('No Culprit data source is configured.');
  });

  it('shows the window being diagnosed while loading', () => {
    renderSummary({ kind: 'loading', window });
    expect(screen.getByTestId('culprit-loading')).toHaveTextContent('Diagnosing 11-18 11:06:40 – 11:16:40');
  });

  it('says which stretch of a long selection was classified', () => {
    const located = { from: 1795000300000, to: 1795000360000 };
    renderSummary({ kind: 'done', window, diagnosis: { ...exampleDiagnosis(), located } });
    expect(screen.getByTestId('culprit-located')).toHaveTextContent(
      'Classified 11-18 11:11:40 – 11:12:40: the stretch of the selection that moved most.'
    );
  });

  it('says nothing of a stretch when the whole selection was classified', () => {
    renderSummary({ kind: 'done', window, diagnosis: { ...exampleDiagnosis(), located: null } });
    expect(screen.queryByTestId('culprit-located')).toBeNull();
  });

  it('shows an error with a retry button', async () => {
    const props = renderSummary({ kind: 'error', window, message: 'No model is active: train one' });
    expect(screen.getByText('No model is active: train one')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(props.onRetry).toHaveBeenCalledTimes(1);
  });

  it('names the culprit, its fault and confidence, and ranks the alternatives', () => {
    renderSummary({ kind: 'done', window, diagnosis: exampleDiagnosis() });
    expect(screen.getByTestId('culprit-answer')).toHaveTextContent(/cart\s*cpu\s*82%/);
    const rows = within(screen.getByRole('table', { name: 'Ranked answers' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows.map((row) => row.textContent)).toEqual(['1cartcpu82%', '2—normal10%', '3ordersdelay8%']);
  });

  it('lists no more answers than the option allows', () => {
    renderSummary({ kind: 'done', window, diagnosis: exampleDiagnosis() }, { rankingSize: 1 });
    expect(within(screen.getByTestId('culprit-ranking')).getAllByRole('row')).toHaveLength(2);
  });

  it('says unknown when the backend does, and does not offer to confirm', () => {
    renderSummary({ kind: 'done', window, diagnosis: exampleDiagnosis({ status: 'unknown', culprit: null }) });
    expect(screen.getByTestId('culprit-unknown')).toHaveTextContent('Unknown');
    expect(screen.queryByTestId('culprit-answer')).toBeNull();
    expect(screen.getByRole('button', { name: /Confirm/ })).toBeDisabled();
  });

  it('shows the evidence: nearest episodes and heaviest features', () => {
    renderSummary({ kind: 'done', window, diagnosis: exampleDiagnosis() });
    const evidence = screen.getByTestId('culprit-evidence');
    expect(evidence).toHaveTextContent('cart cpu · 2026-11-18 08:20 · distance 3.21');
    expect(evidence).toHaveTextContent('normal');
    expect(evidence).toHaveTextContent('cart · cpu41%');
  });

  it('hides the evidence when the option is off', () => {
    renderSummary({ kind: 'done', window, diagnosis: exampleDiagnosis() }, { showEvidence: false });
    expect(screen.queryByTestId('culprit-evidence')).toBeNull();
  });

  it('warns when much of the data was missing', () => {
    const diagnosis = exampleDiagnosis({
      quality: { missingFraction: 0.4, filledPoints: 80, servicesWithoutData: ['payments'] },
    });
    renderSummary({ kind: 'done', window, diagnosis });
    expect(screen.getByText(/40% of the points were missing .* no data for payments/)).toBeInTheDocument();
  });

  it('saves as annotation and shows the result', async () => {
    const props = renderSummary(
      { kind: 'done', window, diagnosis: exampleDiagnosis() },
      { annotationStatus: { kind: 'done', message: 'Saved as annotation #4' } }
    );
    await userEvent.click(screen.getByRole('button', { name: /Save as annotation/ }));
    expect(props.onSaveAnnotation).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Saved as annotation #4')).toBeInTheDocument();
  });

  it('confirms the culprit as diagnosed', async () => {
    const props = renderSummary({ kind: 'done', window, diagnosis: exampleDiagnosis() });
    await userEvent.click(screen.getByRole('button', { name: /Confirm/ }));
    expect(props.onFeedback).toHaveBeenCalledWith('confirm', { service: 'cart', fault: 'cpu' });
    expect(await screen.findByText('Confirmed')).toBeInTheDocument();
  });

  it('corrects to another service and fault', async () => {
    const onFeedback = jest.fn(async () => 'Corrected');
    renderSummary({ kind: 'done', window, diagnosis: exampleDiagnosis() }, { onFeedback });
    await userEvent.click(screen.getByRole('button', { name: /Correct/ }));
    const service = screen.getByLabelText('Actual service');
    await userEvent.clear(service);
    await userEvent.paste('orders');
    await userEvent.click(screen.getByRole('radio', { name: 'delay' }));
    await userEvent.click(screen.getByRole('button', { name: 'Send correction' }));
    expect(onFeedback).toHaveBeenCalledWith('correct', { service: 'orders', fault: 'delay' });
  });

  it('shows why feedback failed', async () => {
    const onFeedback = jest.fn(async () => {
      throw new Error('The Culprit backend refused the request (401)');
    });
    renderSummary({ kind: 'done', window, diagnosis: exampleDiagnosis() }, { onFeedback });
    await userEvent.click(screen.getByRole('button', { name: /Confirm/ }));
    expect(await screen.findByText(/refused the request \(401\)/)).toBeInTheDocument();
  });
});

describe('formatDistance', () => {
  it.each([
    [3.21, '3.21'],
    [0.012345, '0.0123'],
    [331.4, '331'],
    [2600.4, '2600'],
  ])('%s reads %s', (distance, text) => {
    expect(formatDistance(distance)).toBe(text);
  });
});
