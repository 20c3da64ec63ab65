import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, ConfirmButton, Field, FileUpload, Input, LoadingPlaceholder, useStyles2 } from '@grafana/ui';

import { CulpritApi } from '../../api/culpritApi';
import { Episode, EpisodeFilter } from '../../api/types';
import { NeedsBackend } from '../common/NeedsBackend';
import { formatTime, messageOf } from '../common/format';
import { readText } from '../common/readText';
import { parseEpisodeFile, parseTime } from './parseEpisodes';

const PAGE_SIZE = 100;

/** Fault library page: the labelled episodes, filtered; add one by hand, delete, or import a file. */
export function LibraryPage() {
  return <NeedsBackend>{(api) => <Library api={api} />}</NeedsBackend>;
}

function Library({ api }: { api: CulpritApi }) {
  const styles = useStyles2(getStyles);
  const [filter, setFilter] = useState<EpisodeFilter>({});
  const [episodes, setEpisodes] = useState<Episode[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const [reloads, setReloads] = useState(0);
  const reload = () => setReloads((n) => n + 1);

  useEffect(() => {
    // Only the answer to the newest filter may land, whatever order the answers arrive in.
    let current = true;
    api.listEpisodes({ ...filter, limit: PAGE_SIZE }).then(
      (answer) => {
        if (current) {
          setEpisodes(answer.episodes);
          setTotal(answer.total);
          setError(null);
        }
      },
      (e) => current && setError(messageOf(e))
    );
    return () => {
      current = false;
    };
  }, [api, filter, reloads]);

  const remove = async (id: number) => {
    try {
      await api.deleteEpisode(id);
      setNotice(`Deleted episode #${id}.`);
      reload();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const importFile = async (file: File) => {
    try {
      const parsed = parseEpisodeFile(await readText(file), file.name);
      const answer = await api.importEpisodes(parsed);
      setNotice(`Imported ${answer.imported} episodes from ${file.name}.`);
      setError(null);
      reload();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const setText = (key: 'service' | 'fault' | 'source') => (event: React.ChangeEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value.trim();
    setFilter((current) => ({ ...current, [key]: value === '' ? undefined : value }));
  };

  return (
    <div className={styles.page}>
      <div className={styles.row}>
        <Field label="Service">
          <Input aria-label="Filter by service" width={18} placeholder="any" onChange={setText('service')} />
        </Field>
        <Field label="Fault">
          <Input aria-label="Filter by fault" width={14} placeholder="any" onChange={setText('fault')} />
        </Field>
        <Field label="Source">
          <Input aria-label="Filter by source" width={14} placeholder="any" onChange={setText('source')} />
        </Field>
        <div className={styles.spacer} />
        <FileUpload
          accept=".csv,.json"
          size="md"
          onFileUpload={({ currentTarget }) => {
            const file = currentTarget.files?.[0];
            if (file) {
              importFile(file);
            }
          }}
        >
          Import CSV or JSON
        </FileUpload>
      </div>
      {error ? (
        <Alert severity="error" title="Fault library" onRemove={() => setError(null)}>
          {error}
        </Alert>
      ) : null}
      {notice ? <Alert severity="success" title={notice} onRemove={() => setNotice(null)} /> : null}

      <AddEpisode
        onAdd={async (episode) => {
          await api.addEpisode(episode);
          setNotice(`Added ${episode.service}/${episode.fault}.`);
          reload();
        }}
      />

      {episodes === null ? (
        <LoadingPlaceholder text="Loading episodes…" />
      ) : episodes.length === 0 ? (
        <p className={styles.muted}>
          No episode matches. Run a campaign, confirm diagnoses in the panel, or import a file.
        </p>
      ) : (
        <>
          <div className={styles.muted}>
            {total > episodes.length
              ? `Newest ${episodes.length} of ${total} episodes.`
              : `${total} episode${total === 1 ? '' : 's'}.`}
          </div>
          <table className={styles.table} aria-label="Episodes">
            <thead>
              <tr>
                <th>#</th>
                <th>Service</th>
                <th>Fault</th>
                <th>Start</th>
                <th>Duration</th>
                <th>Source</th>
                <th>Notes</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {episodes.map((e) => (
                <tr key={e.id}>
                  <td>{e.id}</td>
                  <td>{e.service}</td>
                  <td>{e.fault}</td>
                  <td>{formatTime(e.start)}</td>
                  <td>{Math.round((e.end - e.start) / 1000)} s</td>
                  <td>{e.source}</td>
                  <td>{e.notes}</td>
                  <td>
                    <ConfirmButton
                      size="sm"
                      confirmText="Delete"
                      confirmVariant="destructive"
                      onConfirm={() => remove(e.id)}
                    >
                      Delete
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

/** A one-line form for an episode someone knows about (an incident the campaign did not make). */
function AddEpisode({
  onAdd,
}: {
  onAdd: (episode: { service: string; fault: string; start: number; end: number; notes?: string }) => Promise<void>;
}) {
  const styles = useStyles2(getStyles);
  const [service, setService] = useState('');
  const [fault, setFault] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      const from = parseTime(start, 'Start');
      const to = parseTime(end, 'End');
      if (!(from < to)) {
        throw new Error('The start must be before the end.');
      }
      await onAdd({ service: service.trim(), fault: fault.trim(), start: from, end: to });
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <form className={styles.row} onSubmit={submit} aria-label="Add an episode">
      <Field label="New episode: service">
        <Input
          aria-label="New episode service"
          width={16}
          value={service}
          onChange={(e) => setService(e.currentTarget.value)}
        />
      </Field>
      <Field label="Fault">
        <Input
          aria-label="New episode fault"
          width={12}
          value={fault}
          placeholder="cpu"
          onChange={(e) => setFault(e.currentTarget.value)}
        />
      </Field>
      <Field label="Start">
        <Input
          aria-label="New episode start"
          width={26}
          value={start}
          placeholder="2026-11-24T03:00:00Z"
          onChange={(e) => setStart(e.currentTarget.value)}
        />
      </Field>
      <Field label="End">
        <Input
          aria-label="New episode end"
          width={26}
          value={end}
          placeholder="2026-11-24T03:05:00Z"
          onChange={(e) => setEnd(e.currentTarget.value)}
        />
      </Field>
      <Button type="submit" icon="plus" disabled={!service.trim() || !fault.trim() || !start || !end}>
        Add
      </Button>
      {error ? <span className={styles.error}>{error}</span> : null}
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  row: css({ display: 'flex', alignItems: 'flex-end', gap: theme.spacing(1.5), flexWrap: 'wrap' }),
  spacer: css({ flex: 1 }),
  muted: css({ color: theme.colors.text.secondary }),
  error: css({ color: theme.colors.error.text, alignSelf: 'center' }),
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
});
