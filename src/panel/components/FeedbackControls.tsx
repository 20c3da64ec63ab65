import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Button, Input, RadioButtonGroup, useStyles2 } from '@grafana/ui';

import { Diagnosis } from '../../api/types';
import { ActionNote, ActionStatus } from './DiagnosisSummary';

/** The fault kinds of the design, named after Pumba's commands. */
export const FAULT_KINDS = ['cpu', 'memory', 'delay', 'loss', 'pause', 'kill'] as const;

/** Sends the SRE's verdict; resolves to a line to show, rejects with an error to show. */
export type FeedbackSubmit = (
  verdict: 'confirm' | 'correct',
  actual: { service: string; fault: string }
) => Promise<string>;

interface Props {
  diagnosis: Diagnosis;
  knownServices: string[];
  onSubmit: FeedbackSubmit;
}

/** Confirm the answer, or correct it to what it really was; either way the backend learns from it. */
export function FeedbackControls({ diagnosis, knownServices, onSubmit }: Props) {
  const styles = useStyles2(getStyles);
  const culprit = diagnosis.status === 'ok' ? diagnosis.culprit : null;
  const [correcting, setCorrecting] = useState(false);
  const [service, setService] = useState(culprit?.service ?? '');
  const [fault, setFault] = useState<string>(culprit?.fault ?? 'cpu');
  const [status, setStatus] = useState<ActionStatus>({ kind: 'idle' });

  const send = async (verdict: 'confirm' | 'correct', actual: { service: string; fault: string }) => {
    setStatus({ kind: 'busy' });
    try {
      setStatus({ kind: 'done', message: await onSubmit(verdict, actual) });
      setCorrecting(false);
    } catch (error) {
      setStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const ranked = diagnosis.ranking.map((r) => r.service).filter((s): s is string => s !== null);
  const services = [...new Set([...knownServices, ...ranked])].sort();
  const listId = `culprit-services-${diagnosis.window.from}`;
  return (
    <div className={styles.box}>
      <div className={styles.row}>
        <Button
          size="sm"
          icon="check"
          variant="primary"
          disabled={!culprit || status.kind === 'busy'}
          onClick={() => culprit && send('confirm', { service: culprit.service, fault: culprit.fault })}
        >
          Confirm
        </Button>
        <Button
          size="sm"
          icon="pen"
          variant="secondary"
          onClick={() => setCorrecting(!correcting)}
          aria-expanded={correcting}
        >
          Correct…
        </Button>
        <ActionNote status={status} />
      </div>
      {correcting ? (
        <form
          className={styles.form}
          aria-label="Correct the diagnosis"
          onSubmit={(event) => {
            event.preventDefault();
            if (service.trim() !== '') {
              send('correct', { service: service.trim(), fault });
            }
          }}
        >
          <Input
            aria-label="Actual service"
            placeholder="service"
            value={service}
            list={listId}
            onChange={(event) => setService(event.currentTarget.value)}
          />
          <datalist id={listId}>
            {services.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <RadioButtonGroup
            size="sm"
            options={FAULT_KINDS.map((kind) => ({ label: kind, value: kind }))}
            value={fault}
            onChange={setFault}
          />
          <Button size="sm" type="submit" disabled={service.trim() === '' || status.kind === 'busy'}>
            Send correction
          </Button>
        </form>
      ) : null}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) }),
  row: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap' }),
  form: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), alignItems: 'flex-start' }),
});
