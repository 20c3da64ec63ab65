import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Field, LoadingPlaceholder, TextArea, useStyles2 } from '@grafana/ui';

import { CulpritApi, CulpritApiError } from '../../api/culpritApi';
import { Campaign } from '../../api/types';
import { NeedsBackend } from '../common/NeedsBackend';
import { formatTime, messageOf } from '../common/format';
import { EXAMPLE_PLAN } from './examplePlan';

/** The backend's answer when its culprit.yaml has no `campaigns:` section. */
const NOT_CONFIGURED = 'CULPRIT_CAMPAIGNS_NOT_CONFIGURED';

/** How often running campaigns are polled for progress. */
const POLL_MS = 2000;

type Availability =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'unconfigured'; message: string }
  | { kind: 'ready'; campaigns: Campaign[] }
  | { kind: 'error'; message: string };

/** Campaigns page: start a fault campaign from a plan, follow its progress live, stop it. */
export function CampaignsPage() {
  return <NeedsBackend>{(api) => <Campaigns api={api} />}</NeedsBackend>;
}

function Campaigns({ api }: { api: CulpritApi }) {
  const styles = useStyles2(getStyles);
  const [state, setState] = useState<Availability>({ kind: 'loading' });
  const [plan, setPlan] = useState(EXAMPLE_PLAN);
  const [actionError, setActionError] = useState<string | null>(null);
  // The action under way: a stop answers only once the fault is reverted, which takes a few seconds.
  const [busy, setBusy] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Poll while a campaign runs; stop when none does, and when the page goes away.
    const poll = () =>
      api.listCampaigns().then(
        (campaigns) => {
          if (!current) {
            return;
          }
          setState({ kind: 'ready', campaigns });
          if (campaigns.some((c) => c.state === 'running')) {
            timer = setTimeout(poll, POLL_MS);
          }
        },
        (error) => {
          if (current) {
            setState(
              error instanceof CulpritApiError && error.isMissingRoute
                ? { kind: 'missing' }
                : error instanceof CulpritApiError && error.code === NOT_CONFIGURED
                  ? { kind: 'unconfigured', message: error.message }
                  : { kind: 'error', message: messageOf(error) }
            );
          }
        }
      );
    poll();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, reloads]);

  const run = async (what: string, action: () => Promise<unknown>) => {
    setActionError(null);
    setBusy(what);
    try {
      await action();
      setReloads((n) => n + 1);
    } catch (error) {
      setActionError(messageOf(error));
    } finally {
      setBusy(null);
    }
  };

  if (state.kind === 'loading') {
    return <LoadingPlaceholder text="Loading campaigns…" />;
  }
  if (state.kind === 'missing') {
    return (
      <Alert severity="info" title="Campaigns are not available on this backend">
        This Culprit backend has no campaign API (<code>/api/campaigns</code>). Run campaigns from the command line with{' '}
        <code>npx culprit campaign run PLAN</code>, or upgrade the backend; episodes they record appear in the Fault
        library.
      </Alert>
    );
  }
  if (state.kind === 'unconfigured') {
    return (
      <Alert severity="info" title="Campaigns are not configured on this backend">
        {state.message}
      </Alert>
    );
  }
  if (state.kind === 'error') {
    return (
      <Alert severity="error" title="Could not load campaigns">
        {state.message}
      </Alert>
    );
  }
  const running = state.campaigns.some((c) => c.state === 'running');
  return (
    <div className={styles.page}>
      <Field
        label="Plan (YAML)"
        description="Each fault runs on one service at a time, with a quiet gap between; the runner always reverts it."
      >
        <TextArea
          aria-label="Campaign plan"
          rows={9}
          value={plan}
          onChange={(e) => setPlan(e.currentTarget.value)}
          className={styles.mono}
        />
      </Field>
      <div>
        <Button
          icon="play"
          disabled={running || busy !== null || plan.trim() === ''}
          onClick={() => run('start', () => api.startCampaign(plan))}
        >
          Start campaign
        </Button>
      </div>
      {actionError ? (
        <Alert severity="error" title="The backend refused">
          {actionError}
        </Alert>
      ) : null}
      {state.campaigns.length === 0 ? <p className={styles.muted}>No campaign has run yet.</p> : null}
      {state.campaigns.map((campaign) => {
        const share = campaign.total > 0 ? campaign.completed / campaign.total : 0;
        return (
          <div key={campaign.id} className={styles.card} aria-label={`Campaign ${campaign.id}`}>
            <div className={styles.row}>
              <b>{campaign.plan ?? `Campaign ${campaign.id}`}</b>
              <span className={styles.muted}>
                {campaign.startedAt ? `started ${formatTime(campaign.startedAt)}` : ''}
              </span>
              <span className={styles.state}>{campaign.state}</span>
              {campaign.state === 'running' ? (
                <Button
                  size="sm"
                  variant="destructive"
                  icon="square-shape"
                  disabled={busy !== null}
                  onClick={() => run(`stop ${campaign.id}`, () => api.stopCampaign(campaign.id))}
                >
                  {busy === `stop ${campaign.id}` ? 'Stopping (reverting the fault)…' : 'Stop'}
                </Button>
              ) : null}
            </div>
            <div className={styles.track}>
              <div
                role="progressbar"
                aria-valuenow={Math.round(share * 100)}
                aria-valuemin={0}
                aria-valuemax={100}
                className={styles.bar}
                style={{ width: `${share * 100}%` }}
              />
            </div>
            <div className={styles.muted}>
              {campaign.completed} of {campaign.total} faults done
              {campaign.current
                ? ` · now: ${campaign.current.service}/${campaign.current.fault} since ${formatTime(campaign.current.start)}, until ${formatTime(campaign.current.end)}`
                : ''}
              {campaign.message ? ` · ${campaign.message}` : ''}
            </div>
          </div>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5), maxWidth: 900 }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  muted: css({ color: theme.colors.text.secondary }),
  row: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1.5) }),
  state: css({ marginLeft: 'auto', textTransform: 'uppercase', fontSize: theme.typography.bodySmall.fontSize }),
  card: css({
    padding: theme.spacing(1.5),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  track: css({ height: 8, background: theme.colors.background.canvas, borderRadius: 4, overflow: 'hidden' }),
  bar: css({ height: '100%', background: theme.colors.primary.main, transition: 'width 0.3s' }),
});
