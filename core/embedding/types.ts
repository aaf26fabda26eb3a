/** One interface for every embedder (static word vectors, MiniLM, ...). */
export type EmbedderKind = 'static' | 'minilm';
export type ExecutionProvider = 'cpu' | 'cuda';

export interface EmbedderSpec {
  kind: EmbedderKind;
  /** Path to the ONNX model file. */
  modelPath: string;
  /** Path to the vocabulary (one token a line). */
  vocabPath: string;
  executionProvider?: ExecutionProvider;
  /** ONNX Runtime intra-op threads (workers x threads must fit the cores). */
  intraOpNumThreads?: number;
  /** Max tokens fed to the model, [CLS]/[SEP] included (MiniLM: 128). */
  maxTokens?: number;
}

export interface Embedder {
  readonly kind: EmbedderKind;
  readonly dim: number;
  /** L2-normalised embedding of the text. */
  embed(text: string): Promise<Float32Array>;
  /** The same on the calling thread, when the runtime can run synchronously (else null). */
  readonly embedSync: ((text: string) => Float32Array) | null;
  close(): Promise<void>;
}
