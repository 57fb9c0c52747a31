// Private: the layers made by linearLayer, which read their input only through the library's
// matrix products (W X forward, dOut Xᵀ backward). The training loop may then hand the first
// one a minibatch whose entries are listed but not written (lib/core/_dataset_columns.ts).

/** Every layer that linearLayer has made. */
export const linearLayers: WeakSet<object> = new WeakSet();
