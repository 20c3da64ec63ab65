/** A fitted ridge classifier on standardised features. Plain data, so it serialises as JSON. */
export interface RidgeModel {
  readonly nFeatures: number;
  readonly nClasses: number;
  readonly mean: number[];
  readonly scale: number[];
  /** Row-major `nFeatures × nClasses`. */
  readonly weights: number[];
  readonly intercept: number[];
  readonly alpha: number;
  /** Mean squared leave-one-out error of each alpha tried, same order as the alphas. */
  readonly looErrors: number[];
}

/**
 * Ridge classification with the penalty chosen by exact leave-one-out error, like sklearn's RidgeClassifierCV:
 * targets are ±1 per class, features standardised (zero-deviation features keep scale 1), an unpenalised
 * intercept by centring. It works in the dual (N × N Gram matrix), since MiniRocket gives far more features than
 * training cases: for each alpha, G = (K + αI)⁻¹ by Cholesky, dual coefficients A = G·Y, and the leave-one-out
 * residuals are A_ic / G_ii (the closed form for kernel ridge). Ties between alphas go to the smaller one.
 * O(N²·D + |alphas|·N³): fine for libraries of a few hundred to a thousand cases.
 *
 * @param X row-major `nSamples × nFeatures`
 * @param y class index per sample, in [0, nClasses)
 */
export function fitRidgeClassifierCv(
  X: Float64Array,
  nSamples: number,
  nFeatures: number,
  y: Int32Array,
  nClasses: number,
  alphas: readonly number[]
): RidgeModel {
  const N = nSamples;
  const D = nFeatures;
  const mean = new Float64Array(D);
  const scale = new Float64Array(D);
  for (let i = 0; i < N; i++) {
    for (let f = 0; f < D; f++) {
      mean[f] += X[i * D + f];
    }
  }
  for (let f = 0; f < D; f++) {
    mean[f] /= N;
  }
  for (let i = 0; i < N; i++) {
    for (let f = 0; f < D; f++) {
      const d = X[i * D + f] - mean[f];
      scale[f] += d * d;
    }
  }
  for (let f = 0; f < D; f++) {
    const sd = Math.sqrt(scale[f] / N);
    scale[f] = sd > 1e-12 ? sd : 1;
  }
  const Z = new Float64Array(N * D);
  for (let i = 0; i < N; i++) {
    for (let f = 0; f < D; f++) {
      Z[i * D + f] = (X[i * D + f] - mean[f]) / scale[f];
    }
  }
  const C = nClasses;
  const Y = new Float64Array(N * C);
  const yMean = new Float64Array(C);
  for (let i = 0; i < N; i++) {
    for (let c = 0; c < C; c++) {
      Y[i * C + c] = y[i] === c ? 1 : -1;
      yMean[c] += Y[i * C + c] / N;
    }
  }
  for (let i = 0; i < N; i++) {
    for (let c = 0; c < C; c++) {
      Y[i * C + c] -= yMean[c];
    }
  }
  const K = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let f = 0; f < D; f++) {
        s += Z[i * D + f] * Z[j * D + f];
      }
      K[i * N + j] = s;
      K[j * N + i] = s;
    }
  }
  let bestAlpha = alphas[0];
  let bestError = Infinity;
  let bestDual = new Float64Array(0);
  const looErrors: number[] = [];
  for (const alpha of alphas) {
    const G = inverseSpd(K, N, alpha);
    const A = new Float64Array(N * C);
    let error = 0;
    for (let i = 0; i < N; i++) {
      for (let c = 0; c < C; c++) {
        let s = 0;
        for (let j = 0; j < N; j++) {
          s += G[i * N + j] * Y[j * C + c];
        }
        A[i * C + c] = s;
        const residual = s / G[i * N + i];
        error += residual * residual;
      }
    }
    error /= N * C;
    looErrors.push(error);
    if (error < bestError) {
      bestError = error;
      bestAlpha = alpha;
      bestDual = A;
    }
  }
  const weights = new Float64Array(D * C);
  for (let i = 0; i < N; i++) {
    for (let f = 0; f < D; f++) {
      const z = Z[i * D + f];
      if (z !== 0) {
        for (let c = 0; c < C; c++) {
          weights[f * C + c] += z * bestDual[i * C + c];
        }
      }
    }
  }
  return {
    nFeatures: D,
    nClasses: C,
    mean: Array.from(mean),
    scale: Array.from(scale),
    weights: Array.from(weights),
    intercept: Array.from(yMean),
    alpha: bestAlpha,
    looErrors,
  };
}

/** Decision values (one per class, higher is more likely) of a fitted model for one feature vector. */
export function ridgeDecision(
  model: RidgeModel,
  features: Float64Array,
  out = new Float64Array(model.nClasses)
): Float64Array {
  const C = model.nClasses;
  out.set(model.intercept);
  for (let f = 0; f < model.nFeatures; f++) {
    const z = (features[f] - model.mean[f]) / model.scale[f];
    if (z !== 0) {
      for (let c = 0; c < C; c++) {
        out[c] += z * model.weights[f * C + c];
      }
    }
  }
  return out;
}

/** (K + αI)⁻¹ for a symmetric positive semi-definite K and α > 0, by Cholesky factorisation. */
function inverseSpd(K: Float64Array, N: number, alpha: number): Float64Array {
  const L = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j <= i; j++) {
      let s = K[i * N + j] + (i === j ? alpha : 0);
      for (let k = 0; k < j; k++) {
        s -= L[i * N + k] * L[j * N + k];
      }
      if (i === j) {
        if (!(s > 0)) {
          throw new RangeError(`ridge system is not positive definite at alpha ${alpha}; try larger alphas`);
        }
        L[i * N + i] = Math.sqrt(s);
      } else {
        L[i * N + j] = s / L[j * N + j];
      }
    }
  }
  // Invert L (lower triangular), then (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹.
  const Linv = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    Linv[i * N + i] = 1 / L[i * N + i];
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) {
        s -= L[i * N + k] * Linv[k * N + j];
      }
      Linv[i * N + j] = s / L[i * N + i];
    }
  }
  const G = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < N; k++) {
        s += Linv[k * N + i] * Linv[k * N + j];
      }
      G[i * N + j] = s;
      G[j * N + i] = s;
    }
  }
  return G;
}
