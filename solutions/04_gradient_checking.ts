/**
 * Model solution to the exercise of `notebooks/04_gradient_checking.ipynb`, for teachers: what
 * the "Your turn" cell should hold once solved (without `export`).
 *
 * @module
 */

/**
 * The gradient of a scalar function by central differences, one entry at a time:
 * ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h, error O(h²). x is perturbed in place and each
 * entry restored before the next, so x comes back unchanged.
 */
export function myNumericalGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  h: number,
): Float64Array {
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const old = x[i];
    x[i] = old + h;
    const plus = f(x); // f(x + h e_i)
    x[i] = old - h;
    const minus = f(x); // f(x − h e_i)
    x[i] = old; // restore x exactly
    grad[i] = (plus - minus) / (2 * h);
  }
  return grad;
}
