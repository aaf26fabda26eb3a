import type { Tensor } from 'onnxruntime-node';
import { createSession, float32Data, int64Tensor, requireNames, type Feeds, type OnnxSession, type Outputs, type SessionConfig } from './onnx-session.js';
import { l2Normalize, meanPool } from './pooling.js';
import type { Embedder } from './types.js';
import { DEFAULT_MAX_TOKENS, WordPieceTokenizer } from './wordpiece.js';

export const MINILM_INPUTS = { ids: 'input_ids', mask: 'attention_mask', types: 'token_type_ids' } as const;
export const MINILM_OUTPUT = 'last_hidden_state';

export interface MiniLmConfig extends SessionConfig {
  /** Max tokens with [CLS]/[SEP]; default 128, as OpenTracy. */
  maxTokens?: number;
}

/**
 * MiniLM-style sentence embedder (all-MiniLM-L6-v2 compatible): WordPiece ->
 * `input_ids`, `attention_mask`, `token_type_ids` int64 [1, seq] ->
 * `last_hidden_state` float32 [1, seq, H] -> mean over the mask -> L2 norm.
 * `token_type_ids` is fed only when the model declares it.
 */
export class MiniLmEmbedder implements Embedder {
  readonly kind = 'minilm' as const;
  readonly embedSync: ((text: string) => Float32Array) | null;

  private constructor(
    private readonly session: OnnxSession,
    private readonly tokenizer: WordPieceTokenizer,
    private readonly maxTokens: number,
    private readonly withTypes: boolean,
    readonly dim: number,
  ) {
    const run = session.runSync;
    this.embedSync = run
      ? (text) => {
          const { feeds, length } = this.feeds(text);
          return this.pooled(this.checked(run(feeds), length));
        }
      : null;
  }

  static async open(model: string | Uint8Array, tokenizer: WordPieceTokenizer, cfg: MiniLmConfig = {}): Promise<MiniLmEmbedder> {
    const session = await createSession(model, cfg);
    requireNames(session, [MINILM_INPUTS.ids, MINILM_INPUTS.mask], [MINILM_OUTPUT]);
    const withTypes = session.inputNames.includes(MINILM_INPUTS.types);
    const maxTokens = cfg.maxTokens ?? DEFAULT_MAX_TOKENS;
    const probe = new MiniLmEmbedder(session, tokenizer, maxTokens, withTypes, 0);
    const dim = (await probe.hidden('warmup')).dims[2] ?? 0; // warm-up run also finds the width
    if (dim <= 0) throw new Error(`${MINILM_OUTPUT} must be [1, seq, hidden]`);
    return new MiniLmEmbedder(session, tokenizer, maxTokens, withTypes, dim);
  }

  /** The raw `last_hidden_state` for `text` (tests use it to check pooling). */
  async hidden(text: string): Promise<Tensor> {
    const { feeds, length } = this.feeds(text);
    return this.checked(await this.session.run(feeds), length);
  }

  async embed(text: string): Promise<Float32Array> {
    return this.pooled(await this.hidden(text));
  }

  private feeds(text: string): { feeds: Feeds; length: number } {
    const enc = this.tokenizer.encode(text, this.maxTokens);
    const feeds: Feeds = {
      [MINILM_INPUTS.ids]: int64Tensor(enc.ids, enc.length),
      [MINILM_INPUTS.mask]: int64Tensor(enc.attentionMask, enc.length),
    };
    if (this.withTypes) feeds[MINILM_INPUTS.types] = int64Tensor(enc.tokenTypeIds, enc.length);
    return { feeds, length: enc.length };
  }

  private checked(out: Outputs, length: number): Tensor {
    const t = out[MINILM_OUTPUT];
    if (!t || t.dims.length !== 3 || t.dims[0] !== 1 || t.dims[1] !== length) {
      throw new Error(`${MINILM_OUTPUT} has dims [${t?.dims.join(', ') ?? ''}], want [1, ${length}, hidden]`);
    }
    return t;
  }

  private pooled(t: Tensor): Float32Array {
    const [, seq, dim] = t.dims as [number, number, number];
    return l2Normalize(meanPool(float32Data(t, MINILM_OUTPUT), seq, dim));
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
