/** The part of ml-knn@3 the tests use (it ships no types): a KD-tree k-NN, exact with its default Euclidean distance. */
declare module 'ml-knn' {
  export default class KNN {
    constructor(dataset: number[][], labels: number[], options?: { k?: number });
    predict(dataset: number[][]): number[];
  }
}
