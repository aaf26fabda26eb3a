/**
 * Distinctive keywords per cluster, c-TF-IDF style (BERTopic): each cluster's prompts form one
 * document; a term's weight is its frequency in the cluster times log(1 + A / f), where A is the
 * average number of words per cluster and f the term's frequency over all clusters. Pure.
 */

const STOP = new Set(
  ('a an and are as at be but by can could do does for from has have how i if in into is it its me my no not of on or our please ' +
    'so than that the their them then there these they this to was we what when where which who why will with would you your ' +
    'about after all also any been before being both each few more most other over same should some such through under until ' +
    'up very just get give tell make want need like one two use using write show explain')
    .split(' '),
);

export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}_'-]*/gu) ?? []).filter((w) => w.length > 2 && !STOP.has(w) && !/^\d+$/.test(w));
}

export function clusterKeywords(docsByCluster: ReadonlyArray<readonly string[]>, top = 8): string[][] {
  const tf = docsByCluster.map((docs) => {
    const m = new Map<string, number>();
    for (const d of docs) for (const w of tokenize(d)) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  });
  const total = new Map<string, number>();
  let words = 0;
  for (const m of tf) {
    for (const [w, c] of m) {
      total.set(w, (total.get(w) ?? 0) + c);
      words += c;
    }
  }
  const avg = words / Math.max(1, tf.length);
  return tf.map((m) => {
    const size = [...m.values()].reduce((a, b) => a + b, 0) || 1;
    return [...m.entries()]
      .map(([w, c]) => ({ w, s: (c / size) * Math.log(1 + avg / total.get(w)!) }))
      .sort((a, b) => b.s - a.s || (a.w < b.w ? -1 : 1))
      .slice(0, top)
      .map((x) => x.w);
  });
}
