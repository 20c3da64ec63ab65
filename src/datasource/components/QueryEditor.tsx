import React, { ChangeEvent } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineField, InlineFieldRow, Input, RadioButtonGroup } from '@grafana/ui';

import { CulpritDataSource } from '../datasource';
import { migrateQuery } from '../migrations';
import { CulpritJsonData, CulpritQuery, CulpritQueryType, DEFAULT_QUERY } from '../types';

type Props = QueryEditorProps<CulpritDataSource, CulpritQuery, CulpritJsonData>;

const QUERY_TYPES: Array<{ label: string; value: CulpritQueryType; description: string }> = [
  { label: 'Diagnosis timeline', value: 'timeline', description: 'Culprit score per service over time' },
  { label: 'Predicted incidents', value: 'incidents', description: 'Runs of windows with the same culprit' },
];

/** Edits a Culprit query; a stored query of an older version is shown (and saved) migrated. */
export function QueryEditor({ query: stored, onChange, onRunQuery }: Props) {
  // Migrate first: the defaults carry the current schema version and would hide an old query's version.
  const query = { ...DEFAULT_QUERY, ...migrateQuery(stored) } as CulpritQuery;
  const update = (patch: Partial<CulpritQuery>, run = true) => {
    onChange({ ...query, ...patch });
    if (run) {
      onRunQuery();
    }
  };

  return (
    <InlineFieldRow>
      <InlineField label="Query" labelWidth={10}>
        <RadioButtonGroup
          options={QUERY_TYPES}
          value={query.queryType}
          onChange={(queryType) => update({ queryType })}
        />
      </InlineField>
      {query.queryType === 'timeline' ? (
        <InlineField
          label="Step (s)"
          labelWidth={10}
          tooltip="Seconds between diagnoses; empty: the backend's window length."
        >
          <Input
            aria-label="Step in seconds"
            type="number"
            min={1}
            width={10}
            value={query.stepSeconds ?? ''}
            placeholder="auto"
            onChange={(event: ChangeEvent<HTMLInputElement>) => {
              const value = event.currentTarget.value;
              update({ stepSeconds: value === '' ? undefined : Math.max(1, Number(value)) }, false);
            }}
            onBlur={onRunQuery}
          />
        </InlineField>
      ) : (
        <InlineField label="Min confidence" labelWidth={16} tooltip="Leave out incidents below this confidence (0..1).">
          <Input
            aria-label="Minimum confidence"
            type="number"
            min={0}
            max={1}
            step={0.05}
            width={10}
            value={query.minConfidence ?? 0}
            onChange={(event: ChangeEvent<HTMLInputElement>) =>
              update({ minConfidence: Math.min(1, Math.max(0, Number(event.currentTarget.value))) }, false)
            }
            onBlur={onRunQuery}
          />
        </InlineField>
      )}
      <InlineField label="Services" labelWidth={10} tooltip="Comma-separated; empty: every service.">
        <Input
          aria-label="Services"
          width={30}
          value={query.services ?? ''}
          placeholder="all"
          onChange={(event: ChangeEvent<HTMLInputElement>) => update({ services: event.currentTarget.value }, false)}
          onBlur={onRunQuery}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
