/**
 * AWS Signature Version 4 for one HTTP request (header form), pure: the clock and the credentials
 * come in. The canonical URI encodes each path segment again on top of the encoding it was sent
 * with (every service but S3 expects that), so a Bedrock model id `...-v1:0`, sent as `...-v1%3A0`,
 * is signed as `...-v1%253A0`, as the AWS SDKs do.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignInput {
  method: string;
  /** Host header value (`bedrock-runtime.us-east-1.amazonaws.com`, with the port when not default). */
  host: string;
  /** Path as sent (already URI-encoded), with an optional `?query`. */
  path: string;
  headers: Readonly<Record<string, string>>;
  body: string;
  region: string;
  service: string;
  credentials: AwsCredentials;
  /** Unix ms. */
  now: number;
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalQuery(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .map((kv) => {
      const i = kv.indexOf('=');
      const [k, v] = i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
      return [uriEncode(decodeURIComponent(k)), uriEncode(decodeURIComponent(v))] as const;
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** The region a regional AWS endpoint URL names (`https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com`), if it names one. */
export function awsRegionOfUrl(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  return /^[a-z0-9-]+\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/.exec(new URL(url).hostname)?.[1];
}

/** `20150830T123600Z` and `20150830` for a unix-ms time. */
export function amzDate(now: number): { stamp: string; day: string } {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return { stamp, day: stamp.slice(0, 8) };
}

/** The headers to add to the request: `x-amz-date`, `authorization` and, with temporary credentials, `x-amz-security-token`. */
export function signV4(input: SignInput): Record<string, string> {
  const { stamp, day } = amzDate(input.now);
  const added: Record<string, string> = { 'x-amz-date': stamp };
  if (input.credentials.sessionToken) added['x-amz-security-token'] = input.credentials.sessionToken;
  const all = new Map<string, string>();
  for (const [k, v] of Object.entries({ ...input.headers, ...added, host: input.host })) all.set(k.toLowerCase(), v.trim().replace(/\s+/g, ' '));
  const names = [...all.keys()].sort();
  const signedHeaders = names.join(';');
  const q = input.path.indexOf('?');
  const rawPath = q < 0 ? input.path : input.path.slice(0, q);
  const canonicalUri = rawPath.split('/').map(uriEncode).join('/') || '/';
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri,
    canonicalQuery(q < 0 ? '' : input.path.slice(q + 1)),
    names.map((n) => `${n}:${all.get(n)}\n`).join(''),
    signedHeaders,
    sha256Hex(input.body),
  ].join('\n');
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${input.credentials.secretAccessKey}`, day), input.region), input.service), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  added.authorization = `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return added;
}
