import { createSession, float32Data, int64Tensor, requireNames, type Feeds, type OnnxSession, type Outputs, type SessionConfig } from './onnx-session.js';
import { STATIC_INPUTS, STATIC_OUTPUT } from './static-graph.js';
import type { Embedder } from './types.js';
import { WordTokenizer } from './word-tokenizer.js';

/**
 * The static embedder: word tokenizer -> ONNX graph (Gather, masked mean, L2
 * normalisation, see static-graph.ts) -> `embedding` [1, dim]. The model does
 * the pooling, so the output is returned as is: unit norm, or the zero vector
 * when no word of the text is in the vocabulary.
 */
export class StaticEmbedder implements Embedder {
  readonly kind = 'static' as const;

  readonly embedSync: ((text: string) => Float32Array) | null;

  private constructor(private readonly session: OnnxSession, private readonly tokenizer: WordTokenizer, readonly dim: number) {
    const run = session.runSync;
    this.embedSync = run ? (text) => this.output(run(this.feeds(text))) : null;
  }

  static async open(model: string | Uint8Array, tokenizer: WordTokenizer, cfg: SessionConfig = {}): Promise<StaticEmbedder> {
    const session = await createSession(model, cfg);
    requireNames(session, [STATIC_INPUTS.ids, STATIC_INPUTS.mask], [STATIC_OUTPUT]);
    const probe = new StaticEmbedder(session, tokenizer, 0);
    const dim = (await probe.embed('warmup')).length; // warm-up run also finds the width
    return new StaticEmbedder(session, tokenizer, dim);
  }

  async embed(text: string): Promise<Float32Array> {
    return this.output(await this.session.run(this.feeds(text)));
  }

  private feeds(text: string): Feeds {
    const enc = this.tokenizer.encode(text);
    return {
      [STATIC_INPUTS.ids]: int64Tensor(enc.ids, enc.length),
      [STATIC_INPUTS.mask]: int64Tensor(enc.attentionMask, enc.length),
    };
  }

  private output(out: Outputs): Float32Array {
    return float32Data(out[STATIC_OUTPUT], STATIC_OUTPUT);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
