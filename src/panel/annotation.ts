import { Diagnosis } from '../api/types';
import { formatConfidence } from './prepareDiagnosisFrames';

/** The body of Grafana's `POST /api/annotations` for a region annotation. */
export interface AnnotationRequest {
  dashboardUID?: string;
  panelId?: number;
  time: number;
  timeEnd: number;
  tags: string[];
  text: string;
}

/**
 * The region annotation that records a diagnosis on the dashboard: the diagnosed window, tagged so that a dashboard
 * annotation query on `culprit` (or on one service or fault kind) finds it again.
 */
export function annotationForDiagnosis(
  diagnosis: Diagnosis,
  dashboardUID: string | undefined,
  panelId: number | undefined
): AnnotationRequest {
  const { window, culprit } = diagnosis;
  const tags = ['culprit'];
  let text: string;
  if (diagnosis.status === 'ok' && culprit) {
    tags.push(`service:${culprit.service}`, `fault:${culprit.fault}`);
    text = `Culprit: ${culprit.service}: ${culprit.fault} (${formatConfidence(culprit.confidence)}), model ${diagnosis.model.name}`;
  } else if (diagnosis.status === 'ok') {
    tags.push('normal');
    text = `Culprit: none, the window looks normal, model ${diagnosis.model.name}`;
  } else {
    tags.push('unknown');
    text = `Culprit: unknown (nothing in the fault library is close), model ${diagnosis.model.name}`;
  }
  return {
    ...(dashboardUID ? { dashboardUID } : {}),
    ...(panelId !== undefined ? { panelId } : {}),
    time: window.from,
    timeEnd: window.to,
    tags,
    text,
  };
}
