// Private: the column-wise softmax loop shared by softmax() and softmaxCrossEntropy().

/**
 * Writes softmax of each column of the k × m row-major `x` into `out` (E6) and returns each
 * column's log-sum-exp, log Σ_i e^{x_ij}. Each column's maximum is subtracted first, so every
 * exponent is ≤ 0 (no overflow) and the largest is e^0 = 1 (the sum never underflows to 0).
 */
export function columnSoftmaxInto(
  x: Float64Array,
  k: number,
  m: number,
  out: Float64Array,
): Float64Array {
  const logSumExp = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let max = -Infinity;
    for (let i = 0; i < k; i++) max = Math.max(max, x[i * m + j]);
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const e = Math.exp(x[i * m + j] - max);
      out[i * m + j] = e;
      sum += e;
    }
    for (let i = 0; i < k; i++) out[i * m + j] /= sum;
    logSumExp[j] = max + Math.log(sum);
  }
  return logSumExp;
}
