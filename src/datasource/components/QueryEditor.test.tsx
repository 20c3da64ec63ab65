import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { QUERY_SCHEMA_VERSION } from '../types';
import { QueryEditor } from './QueryEditor';

// Typing and clicking through Grafana's components takes seconds on a loaded two-core machine.
jest.setTimeout(30_000);

describe('QueryEditor', () => {
  it('starts a new query as a timeline with the current schema version', async () => {
    const onChange = jest.fn();
    const onRunQuery = jest.fn();
    render(
      <QueryEditor
        query={{ refId: 'A' } as never}
        onChange={onChange}
        onRunQuery={onRunQuery}
        datasource={{} as never}
      />
    );
    expect(screen.getByRole('radio', { name: 'Diagnosis timeline' })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'Predicted incidents' }));
    expect(onChange).toHaveBeenCalledWith(
      expect.objectContaining({ queryType: 'incidents', schemaVersion: QUERY_SCHEMA_VERSION })
    );
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('shows a version-1 query migrated', () => {
    render(
      <QueryEditor
        query={{ refId: 'A', kind: 'scores', step: '2m' } as never}
        onChange={jest.fn()}
        onRunQuery={jest.fn()}
        datasource={{} as never}
      />
    );
    expect(screen.getByLabelText('Step in seconds')).toHaveValue(120);
  });
});
