import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, FieldSet, Input, SecretInput } from '@grafana/ui';

import { CulpritJsonData, CulpritSecureJsonData } from '../types';

type Props = DataSourcePluginOptionsEditorProps<CulpritJsonData, CulpritSecureJsonData>;

/** Where the backend is, and its token; the token goes to secureJsonData and never comes back to the browser. */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields } = options;
  const secureJsonData = (options.secureJsonData ?? {}) as CulpritSecureJsonData;
  const url = jsonData.backendUrl ?? '';
  const urlProblem =
    url !== '' && !/^https?:\/\/[^/]+/.test(url) ? 'Use a full URL such as http://culprit:8417' : undefined;

  return (
    <FieldSet label="Culprit backend">
      <Field
        label="Backend URL"
        description="As Grafana's server reaches it (not your browser), without /api. E.g. http://culprit:8417."
        invalid={urlProblem !== undefined}
        error={urlProblem}
      >
        <Input
          id="culprit-backend-url"
          width={48}
          value={url}
          placeholder="http://127.0.0.1:8417"
          onChange={(event: ChangeEvent<HTMLInputElement>) =>
            onOptionsChange({
              ...options,
              jsonData: { ...jsonData, backendUrl: event.currentTarget.value.replace(/\/+$/, '') },
            })
          }
        />
      </Field>
      <Field
        label="API token"
        description="One of api.tokens in culprit.yaml. Stored encrypted; sent only by Grafana's proxy."
      >
        <SecretInput
          id="culprit-api-token"
          width={48}
          isConfigured={Boolean(secureJsonFields?.apiToken)}
          value={secureJsonData.apiToken ?? ''}
          placeholder="token"
          onReset={() =>
            onOptionsChange({
              ...options,
              secureJsonFields: { ...secureJsonFields, apiToken: false },
              secureJsonData: { ...secureJsonData, apiToken: '' },
            })
          }
          onChange={(event: ChangeEvent<HTMLInputElement>) =>
            onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, apiToken: event.currentTarget.value } })
          }
        />
      </Field>
    </FieldSet>
  );
}
