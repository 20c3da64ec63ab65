import React from 'react';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { Alert, Button, LoadingPlaceholder, useStyles2 } from '@grafana/ui';

import { Diagnosis } from '../../api/types';
import { formatConfidence } from '../prepareDiagnosisFrames';
import { TimeWindow } from '../types';
import { FeedbackControls, FeedbackSubmit } from './FeedbackControls';

/** What the panel knows about the current diagnosis. */
export type DiagnosisState =
  | { kind: 'idle' }
  | { kind: 'loading'; window: TimeWindow }
  | { kind: 'error'; window: TimeWindow; message: string }
  | { kind: 'done'; window: TimeWindow; diagnosis: Diagnosis };

interface Props {
  state: DiagnosisState;
  timeZone: TimeZone;
  rankingSize: number;
  showEvidence: boolean;
  /** Services seen on the panel's series, offered when correcting an answer. */
  knownServices: string[];
  /** A note about matching the answer to the drawn series. */
  matchWarning?: string;
  /** Why the panel cannot diagnose at all (no Culprit data source), shown before anyone tries. */
  setupProblem?: string;
  /** Colour of the culprit's series, so the name on the right reads as the line on the left. */
  culpritColor?: string;
  onRetry: () => void;
  onSaveAnnotation: () => void;
  annotationStatus: ActionStatus;
  onFeedback: FeedbackSubmit;
}

/** The outcome of a button's request, shown beside it. */
export type ActionStatus =
  { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; message: string } | { kind: 'error'; message: string };

/** The right-hand side of the panel: the answer, the ranked alternatives, the evidence and the actions. */
export function DiagnosisSummary(props: Props) {
  const styles = useStyles2(getStyles);
  const { state, timeZone } = props;

  if (state.kind === 'idle' && props.setupProblem) {
    return (
      <Alert severity="warning" title="Culprit is not connected" data-testid="culprit-setup">
        {props.setupProblem}
      </Alert>
    );
  }
  if (state.kind === 'idle') {
    return (
      <div className={styles.hint} data-testid="culprit-idle">
        Choose <b>Select</b> and drag across the graph to diagnose that window, or diagnose the whole dashboard range.
      </div>
    );
  }
  const windowText = formatWindow(state.window, timeZone);
  if (state.kind === 'loading') {
    return (
      <div data-testid="culprit-loading">
        <LoadingPlaceholder text={`Diagnosing ${windowText}…`} />
      </div>
    );
  }
  if (state.kind === 'error') {
    return (
      <Alert severity="error" title="Diagnosis failed" data-testid="culprit-error">
        <div>{state.message}</div>
        <Button size="sm" variant="secondary" onClick={props.onRetry} className={styles.retry}>
          Retry
        </Button>
      </Alert>
    );
  }

  const { diagnosis } = state;
  const ranking = diagnosis.ranking.slice(0, Math.max(1, props.rankingSize));
  const best = diagnosis.ranking[0]?.score ?? 1;
  const culprit = diagnosis.status === 'ok' ? diagnosis.culprit : null;
  return (
    <div className={styles.summary} data-testid="culprit-summary">
      <div className={styles.window}>
        {windowText} · model {diagnosis.model.name}
        {diagnosis.model.classifier ? ` (${diagnosis.model.classifier})` : ''}
      </div>
      {diagnosis.located ? (
        <div className={styles.window} data-testid="culprit-located">
          Classified {formatWindow(diagnosis.located, timeZone)}: the stretch of the selection that moved most.
        </div>
      ) : null}
      {culprit ? (
        <div className={styles.answer} data-testid="culprit-answer">
          <span className={styles.swatch} style={{ background: props.culpritColor }} />
          <span className={styles.service}>{culprit.service}</span>
          <span className={styles.fault}>{culprit.fault}</span>
          <span className={styles.confidence}>{formatConfidence(culprit.confidence)}</span>
        </div>
      ) : diagnosis.status === 'unknown' ? (
        <div className={cx(styles.answer, styles.unknown)} data-testid="culprit-unknown">
          <span className={styles.service}>Unknown</span>
          <span className={styles.unknownNote}>Nothing in the fault library is close to this window.</span>
        </div>
      ) : (
        <div className={cx(styles.answer, styles.normal)} data-testid="culprit-normal">
          <span className={styles.service}>Looks normal</span>
          <span className={styles.unknownNote}>The window is closest to normal operation.</span>
        </div>
      )}
      {props.matchWarning && culprit ? <div className={styles.warning}>{props.matchWarning}</div> : null}
      {diagnosis.quality.missingFraction > 0.2 ? (
        <div className={styles.warning}>
          {formatConfidence(diagnosis.quality.missingFraction)} of the points were missing and filled
          {diagnosis.quality.servicesWithoutData.length
            ? `; no data for ${diagnosis.quality.servicesWithoutData.join(', ')}`
            : ''}
          : treat the answer with care.
        </div>
      ) : null}

      <table className={styles.table} data-testid="culprit-ranking" aria-label="Ranked answers">
        <thead>
          <tr>
            <th>#</th>
            <th>Service</th>
            <th>Fault</th>
            <th className={styles.right}>Confidence</th>
          </tr>
        </thead>
        <tbody>
          {ranking.map((row, index) => (
            <tr key={row.label} className={index === 0 && culprit ? styles.top : undefined}>
              <td>{index + 1}</td>
              <td>{row.service ?? '—'}</td>
              <td>{row.fault}</td>
              <td className={styles.right}>
                <span className={styles.bar} style={{ width: `${Math.round((row.score / (best || 1)) * 48)}px` }} />
                {formatConfidence(row.score)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {props.showEvidence ? <Evidence diagnosis={diagnosis} timeZone={timeZone} /> : null}

      <div className={styles.actions}>
        <Button
          size="sm"
          icon="comment-alt"
          variant="secondary"
          onClick={props.onSaveAnnotation}
          disabled={props.annotationStatus.kind === 'busy'}
        >
          Save as annotation
        </Button>
        <ActionNote status={props.annotationStatus} />
      </div>
      <FeedbackControls diagnosis={diagnosis} knownServices={props.knownServices} onSubmit={props.onFeedback} />
      <div className={styles.timings}>answered in {Math.round(diagnosis.timings.totalMs)} ms</div>
    </div>
  );
}

function Evidence({ diagnosis, timeZone }: { diagnosis: Diagnosis; timeZone: TimeZone }) {
  const styles = useStyles2(getStyles);
  const features = diagnosis.topFeatures.slice(0, 5);
  const maxWeight = Math.max(1e-12, ...features.map((f) => Math.abs(f.weight)));
  return (
    <div data-testid="culprit-evidence">
      {diagnosis.neighbours.length > 0 ? (
        <>
          <div className={styles.heading}>Nearest past episodes</div>
          <ul className={styles.list}>
            {diagnosis.neighbours.slice(0, 5).map((n) => (
              <li key={`${n.episodeId ?? 'normal'}-${n.start}`}>
                <b>{n.service ?? 'normal'}</b> {n.service ? n.fault : ''} ·{' '}
                {dateTimeFormat(n.start, { timeZone, format: 'YYYY-MM-DD HH:mm' })} · distance{' '}
                {formatDistance(n.distance)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {features.length > 0 ? (
        <>
          <div className={styles.heading}>Features that moved most (share of the change)</div>
          <ul className={styles.list}>
            {features.map((f) => (
              <li key={f.feature} className={styles.feature}>
                <span
                  className={styles.featureBar}
                  style={{ width: `${Math.round((Math.abs(f.weight) / maxWeight) * 40)}px` }}
                />
                {f.service} · {f.metric}
                <span className={styles.share}>{formatConfidence(f.weight)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** The result of a button's request, in a line beside it. */
export function ActionNote({ status }: { status: ActionStatus }) {
  const styles = useStyles2(getStyles);
  if (status.kind === 'done') {
    return <span className={styles.ok}>{status.message}</span>;
  }
  if (status.kind === 'error') {
    return <span className={styles.err}>{status.message}</span>;
  }
  return null;
}

/** Distances are in the classifier's own units; three significant digits, without exponents for large ones. */
export function formatDistance(distance: number): string {
  return Math.abs(distance) >= 1000 ? distance.toFixed(0) : distance.toPrecision(3);
}

function formatWindow(window: TimeWindow, timeZone: TimeZone): string {
  const from = dateTimeFormat(window.from, { timeZone, format: 'MM-DD HH:mm:ss' });
  const sameDay =
    dateTimeFormat(window.from, { timeZone, format: 'YYYYMMDD' }) ===
    dateTimeFormat(window.to, { timeZone, format: 'YYYYMMDD' });
  const to = dateTimeFormat(window.to, { timeZone, format: sameDay ? 'HH:mm:ss' : 'MM-DD HH:mm:ss' });
  return `${from} – ${to}`;
}

const getStyles = (theme: GrafanaTheme2) => ({
  hint: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    padding: theme.spacing(1),
  }),
  summary: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  window: css({ color: theme.colors.text.secondary }),
  answer: css({
    display: 'flex',
    alignItems: 'baseline',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    padding: theme.spacing(1),
    borderLeft: `3px solid ${theme.colors.error.main}`,
    background: theme.colors.background.secondary,
  }),
  unknown: css({ borderLeftColor: theme.colors.warning.main }),
  normal: css({ borderLeftColor: theme.colors.success.main }),
  unknownNote: css({ color: theme.colors.text.secondary }),
  swatch: css({ width: 10, height: 10, borderRadius: 2, display: 'inline-block', alignSelf: 'center' }),
  service: css({ fontSize: theme.typography.h4.fontSize, fontWeight: theme.typography.fontWeightMedium }),
  fault: css({
    padding: theme.spacing(0, 0.75),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.error.transparent,
    color: theme.colors.error.text,
  }),
  confidence: css({ marginLeft: 'auto', fontSize: theme.typography.h4.fontSize, fontVariantNumeric: 'tabular-nums' }),
  warning: css({ color: theme.colors.warning.text }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.25, 0.5),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
    fontVariantNumeric: 'tabular-nums',
  }),
  top: css({ fontWeight: theme.typography.fontWeightBold }),
  right: css({ textAlign: 'right !important' as 'right', whiteSpace: 'nowrap' }),
  bar: css({
    display: 'inline-block',
    height: 6,
    marginRight: theme.spacing(0.5),
    background: theme.colors.primary.main,
    opacity: 0.6,
  }),
  heading: css({
    color: theme.colors.text.secondary,
    fontWeight: theme.typography.fontWeightMedium,
    marginTop: theme.spacing(0.5),
  }),
  list: css({ listStyle: 'none', margin: 0, padding: 0, li: { padding: theme.spacing(0.25, 0) } }),
  feature: css({ display: 'flex', alignItems: 'center' }),
  share: css({ marginLeft: 'auto', color: theme.colors.text.secondary, fontVariantNumeric: 'tabular-nums' }),
  featureBar: css({
    display: 'inline-block',
    height: 6,
    marginRight: theme.spacing(0.5),
    background: theme.colors.warning.main,
  }),
  actions: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap' }),
  ok: css({ color: theme.colors.success.text }),
  err: css({ color: theme.colors.error.text }),
  retry: css({ marginTop: theme.spacing(1) }),
  timings: css({ color: theme.colors.text.disabled }),
});
