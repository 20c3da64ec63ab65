/**
 * Prometheus sends sample values as strings so that `"NaN"`, `"+Inf"` and `"-Inf"` survive JSON. This is the one
 * place that turns them into numbers; anything else unparsable becomes NaN (treated as a missing point downstream).
 */
export function parseSampleValue(text: string): number {
  switch (text) {
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
    case 'NaN':
      return Number.NaN;
    default: {
      const value = Number(text);
      return text.trim() === '' ? Number.NaN : value;
    }
  }
}
