import React, { useEffect, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import {
  Alert,
  Button,
  Checkbox,
  Field,
  FileUpload,
  Input,
  LoadingPlaceholder,
  RadioButtonGroup,
  useStyles2,
} from '@grafana/ui';

import { CulpritApi } from '../../api/culpritApi';
import { Evaluation, Job, Model } from '../../api/types';
import { NeedsBackend } from '../common/NeedsBackend';
import { formatShare, formatTime, messageOf } from '../common/format';
import { readText } from '../common/readText';
import { AccuracyBarChart } from './AccuracyBarChart';
import { accuracyFromModels, accuracyFromReport, AccuracyChartData } from './accuracyBars';
import { ConfusionHeatmap } from './ConfusionHeatmap';
import { SHIFT_MEASURE_LABELS, ShiftCurveChart } from './ShiftCurveChart';
import { ShiftCurves, shiftCurvesFromReport, ShiftMeasure } from './shiftCurves';
import { StudyReport } from './studyReport';

const CLASSIFIERS = [
  { label: 'DTW_D', value: 'dtw-d', description: 'Dependent DTW, nearest neighbour' },
  { label: 'DTW_I', value: 'dtw-i', description: 'Independent DTW, nearest neighbour' },
  { label: 'Euclidean', value: 'ed', description: 'Euclidean nearest neighbour (baseline)' },
  { label: 'MiniRocket', value: 'minirocket', description: 'Random convolutional features + ridge' },
];

/** How often a running training job is polled. */
const POLL_MS = 1000;

/** Models page: train (with progress), pick the active model, and compare classifiers by their evaluations. */
export function ModelsPage() {
  return <NeedsBackend>{(api) => <Models api={api} />}</NeedsBackend>;
}

function Models({ api }: { api: CulpritApi }) {
  const styles = useStyles2(getStyles);
  const [models, setModels] = useState<Model[] | null>(null);
  const [evaluations, setEvaluations] = useState<Map<number, Evaluation>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [report, setReport] = useState<{
    name: string;
    data: AccuracyChartData;
    shifts: ShiftCurves | null;
    raw: StudyReport;
  } | null>(null);
  const [shiftMeasure, setShiftMeasure] = useState<ShiftMeasure>('serviceAc1');
  const [shiftZoom, setShiftZoom] = useState(false);

  const [reloads, setReloads] = useState(0);
  const reload = () => setReloads((n) => n + 1);

  useEffect(() => {
    let current = true;
    (async () => {
      const list = await api.listModels();
      const found = new Map<number, Evaluation>();
      // A model trained with evaluate: false has none (404); that is not an error for this page.
      await Promise.all(
        list.map((model) =>
          api.evaluation(model.id).then(
            (evaluation) => found.set(model.id, evaluation),
            () => undefined
          )
        )
      );
      return { list, found };
    })().then(
      ({ list, found }) => {
        if (!current) {
          return;
        }
        setModels(list);
        setEvaluations(found);
        setError(null);
        setSelected(
          (chosen) =>
            chosen ?? list.find((m) => m.active && found.has(m.id))?.id ?? list.find((m) => found.has(m.id))?.id ?? null
        );
      },
      (e) => current && setError(messageOf(e))
    );
    return () => {
      current = false;
    };
  }, [api, reloads]);

  const activate = async (id: number) => {
    try {
      await api.activateModel(id);
      reload();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const evaluated = (models ?? [])
    .filter((m) => evaluations.has(m.id))
    .map((model) => ({ model, evaluation: evaluations.get(model.id)! }));
  const chart = report?.data ?? accuracyFromModels(evaluated);
  const selectedEvaluation = selected !== null ? evaluations.get(selected) : undefined;

  return (
    <div className={styles.page}>
      {error ? (
        <Alert severity="error" title="The backend answered with an error">
          {error}
        </Alert>
      ) : null}
      <TrainForm api={api} onTrained={reload} />

      <h3>Models</h3>
      {models === null ? (
        <LoadingPlaceholder text="Loading models…" />
      ) : models.length === 0 ? (
        <p className={styles.muted}>
          No model yet: record some fault episodes in the Fault library, then train one above.
        </p>
      ) : (
        <table className={styles.table} aria-label="Models">
          <thead>
            <tr>
              <th>Name</th>
              <th>Classifier</th>
              <th>Created</th>
              <th>Instances</th>
              <th>Classes</th>
              <th>Accuracy</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {models.map((model) => (
              <tr key={model.id} className={model.id === selected ? styles.selected : undefined}>
                <td>
                  {model.name} <span className={styles.muted}>#{model.id}</span>
                </td>
                <td>{model.classifier}</td>
                <td>{formatTime(model.createdAt)}</td>
                <td>{model.instances ?? '–'}</td>
                <td title={model.classes?.join(', ')}>{model.classes?.length ?? '–'}</td>
                <td>
                  {evaluations.has(model.id) ? (
                    <Button size="sm" variant="secondary" fill="text" onClick={() => setSelected(model.id)}>
                      {formatShare(evaluations.get(model.id)!.accuracy)}
                    </Button>
                  ) : (
                    <span className={styles.muted}>not evaluated</span>
                  )}
                </td>
                <td>
                  {model.active ? (
                    <span className={styles.active}>active</span>
                  ) : (
                    <Button size="sm" variant="secondary" onClick={() => activate(model.id)}>
                      Activate
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>Accuracy per classifier</h3>
      <div className={styles.row}>
        <span className={styles.muted}>
          {report ? `From the study report ${report.name}.` : 'From the leave-one-out evaluations of the models above.'}
        </span>
        <FileUpload
          size="sm"
          accept=".json"
          onFileUpload={({ currentTarget }) => {
            const file = currentTarget.files?.[0];
            if (!file) {
              return;
            }
            readText(file).then((text) => {
              try {
                const raw = JSON.parse(text) as StudyReport;
                setReport({
                  name: file.name,
                  data: accuracyFromReport(raw),
                  shifts: shiftCurvesFromReport(raw),
                  raw,
                });
                setError(null);
              } catch (e) {
                setError(`${file.name}: ${messageOf(e)}`);
              }
            });
          }}
        >
          Load study report.json
        </FileUpload>
        {report ? (
          <Button size="sm" variant="secondary" fill="text" onClick={() => setReport(null)}>
            Back to the models
          </Button>
        ) : null}
      </div>
      {chart.groups.length ? (
        <AccuracyBarChart data={chart} width={Math.max(360, 140 * chart.groups.length + 60)} />
      ) : (
        <p className={styles.muted}>No evaluation yet.</p>
      )}

      {report ? (
        <>
          <h3>Accuracy against onset shift</h3>
          {report.shifts ? (
            <>
              <div className={styles.row}>
                <span className={styles.muted}>{describeShifts(report.shifts)}</span>
                <RadioButtonGroup size="sm" options={SHIFT_MEASURES} value={shiftMeasure} onChange={setShiftMeasure} />
                <Checkbox
                  label="Zoom the y axis to the data"
                  value={shiftZoom}
                  onChange={(e) => setShiftZoom(e.currentTarget.checked)}
                />
              </div>
              <ShiftCurveChart data={report.shifts} measure={shiftMeasure} zoom={shiftZoom} />
            </>
          ) : (
            <p className={styles.muted}>
              This report has no shifted windows, so there is no curve: culprit study writes them (with --shift-set DIR
              for windows that hold the whole fault at every shift).
            </p>
          )}
        </>
      ) : null}

      <h3>Confusion matrix</h3>
      {report ? (
        report.raw.classifiers
          .filter((c) => c.confusion)
          .map((c) => (
            <div key={c.name}>
              <h4>{c.name}</h4>
              <ConfusionHeatmap labels={c.confusion!.labels} matrix={c.confusion!.matrix} />
            </div>
          ))
      ) : selectedEvaluation ? (
        <>
          <p className={styles.muted}>
            Model #{selectedEvaluation.modelId}, {selectedEvaluation.method} over {selectedEvaluation.instances}{' '}
            instances: rows are the true class, columns the prediction.
          </p>
          <ConfusionHeatmap labels={selectedEvaluation.labels} matrix={selectedEvaluation.confusion} />
        </>
      ) : (
        <p className={styles.muted}>Pick an evaluated model above.</p>
      )}
    </div>
  );
}

const SHIFT_MEASURES: Array<{ label: string; value: ShiftMeasure }> = [
  { label: SHIFT_MEASURE_LABELS.serviceAc1, value: 'serviceAc1' },
  { label: SHIFT_MEASURE_LABELS.serviceFaultAccuracy, value: 'serviceFaultAccuracy' },
];

/** What the shift curves were measured on: the reader needs it to tell a fair shift test from windows that miss. */
function describeShifts(shifts: ShiftCurves): string {
  const window = shifts.windowSeconds !== null ? `${shifts.windowSeconds} s ` : '';
  const queries = shifts.curves[0]?.points.find((p) => p !== null)?.queries;
  const over = queries ? `, ${queries} windows a point` : '';
  return shifts.source === 'shift set'
    ? `The shift set's ${window}windows (they hold the whole fault at every shift), moved from the true onset${over}.`
    : `The study cases' own ${window}windows moved from the true onset${over} (no shift set in this report: a window ` +
        'moved past a short fault holds little of it).';
}

/** Starts a training job and follows it with a progress bar until it succeeds or fails. */
function TrainForm({ api, onTrained }: { api: CulpritApi; onTrained: () => void }) {
  const styles = useStyles2(getStyles);
  const [name, setName] = useState('');
  const [classifier, setClassifier] = useState('dtw-d');
  const [k, setK] = useState(1);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) {
        clearTimeout(timer.current);
      }
    },
    []
  );

  const follow = (id: string) => {
    api.job(id).then(
      (state) => {
        setJob(state);
        if (state.state === 'succeeded') {
          onTrained();
        } else if (state.state !== 'failed') {
          timer.current = setTimeout(() => follow(id), POLL_MS);
        }
      },
      (e) => setError(messageOf(e))
    );
  };

  const train = async () => {
    setError(null);
    try {
      const { jobId } = await api.train({
        name: name.trim(),
        classifier: { classifier, k },
        evaluate: true,
        activate: true,
      });
      setJob({ id: jobId, state: 'queued', progress: 0, result: null, error: null });
      follow(jobId);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const running = job !== null && (job.state === 'queued' || job.state === 'running');
  return (
    <div className={styles.train}>
      <h3>Train a model</h3>
      <div className={styles.row}>
        <Field label="Name">
          <Input
            aria-label="Model name"
            width={24}
            value={name}
            placeholder="dtw-shop"
            onChange={(e) => setName(e.currentTarget.value)}
          />
        </Field>
        <Field label="Classifier">
          <RadioButtonGroup options={CLASSIFIERS} value={classifier} onChange={setClassifier} />
        </Field>
        <Field label="Neighbours (k)">
          <Input
            aria-label="Neighbours"
            type="number"
            min={1}
            max={15}
            width={8}
            value={k}
            onChange={(e) => setK(Math.max(1, Number(e.currentTarget.value) || 1))}
          />
        </Field>
        <Button onClick={train} disabled={name.trim() === '' || running} icon={running ? 'spinner' : 'play'}>
          Train
        </Button>
      </div>
      {job ? (
        <div aria-label="Training progress">
          <div className={styles.progressTrack}>
            <div
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(job.progress * 100)}
              className={job.state === 'failed' ? styles.progressFailed : styles.progressBar}
              style={{ width: `${Math.round(job.progress * 100)}%` }}
            />
          </div>
          <div className={styles.muted}>
            {job.state === 'succeeded'
              ? `Trained model #${job.result?.modelId ?? '?'}; it is now active.`
              : job.state === 'failed'
                ? `Training failed: ${job.error?.message ?? 'no reason given'}`
                : `${Math.round(job.progress * 100)}% ${job.message ?? job.state}`}
          </div>
        </div>
      ) : null}
      {error ? (
        <Alert severity="error" title="Training could not start">
          {error}
        </Alert>
      ) : null}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), h3: { marginTop: theme.spacing(2) } }),
  row: css({ display: 'flex', alignItems: 'flex-end', gap: theme.spacing(2), flexWrap: 'wrap' }),
  train: css({
    padding: theme.spacing(2),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
  muted: css({ color: theme.colors.text.secondary }),
  active: css({ color: theme.colors.success.text, fontWeight: theme.typography.fontWeightMedium }),
  selected: css({ background: theme.colors.action.selected }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  progressTrack: css({
    height: 8,
    background: theme.colors.background.canvas,
    borderRadius: 4,
    overflow: 'hidden',
    margin: theme.spacing(1, 0),
  }),
  progressBar: css({ height: '100%', background: theme.colors.primary.main, transition: 'width 0.3s' }),
  progressFailed: css({ height: '100%', background: theme.colors.error.main }),
});
