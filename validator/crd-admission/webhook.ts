// Conversion webhook client config (apiserver pkg/util/webhook/validation.go).
import { FieldPath, invalid, required, type FieldError } from './field';
import { isDNS1123Subdomain, isValidPortNum } from './names';

const FORM = '; desired format: https://host[/path]';

/** The parts of Go's url.Parse result that the webhook rules read. */
function parseUrl(raw: string): { scheme: string; host: string; user?: string; fragment: string; rawQuery: string } | { error: string } {
  let rest = raw;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  if (/[\x00-\x1f\x7f]/.test(rest)) return { error: `parse ${JSON.stringify(raw)}: net/url: invalid control character in URL` };
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(rest);
  let scheme = '';
  if (m) {
    scheme = m[1].toLowerCase();
    rest = m[2];
  } else if (/^[^/?]*:/.test(rest)) {
    return { error: `parse ${JSON.stringify(raw)}: missing protocol scheme` };
  }
  let rawQuery = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let host = '';
  let user: string | undefined;
  if (rest.startsWith('//')) {
    const authority = rest.slice(2).split('/')[0];
    const at = authority.lastIndexOf('@');
    host = at >= 0 ? authority.slice(at + 1) : authority;
    if (at >= 0) user = authority.slice(0, at);
  }
  return { scheme, host, user, fragment, rawQuery };
}

export function validateWebhookURL(p: FieldPath, url: string, forceHttps: boolean): FieldError[] {
  const u = parseUrl(url);
  if ('error' in u) return [required(p, `url must be a valid URL: ${u.error}${FORM}`)];
  const errs: FieldError[] = [];
  if (forceHttps && u.scheme !== 'https') errs.push(invalid(p, u.scheme, `'https' is the only allowed URL scheme${FORM}`));
  if (u.host.length === 0) errs.push(invalid(p, u.host, `host must be specified${FORM}`));
  if (u.user !== undefined) errs.push(invalid(p, u.user, 'user information is not permitted in the URL'));
  if (u.fragment.length !== 0) errs.push(invalid(p, u.fragment, 'fragments are not permitted in the URL'));
  if (u.rawQuery.length !== 0) errs.push(invalid(p, u.rawQuery, 'query parameters are not permitted in the URL'));
  return errs;
}

export function validateWebhookService(p: FieldPath, namespace: string, name: string, path: string | undefined, port: number): FieldError[] {
  const errs: FieldError[] = [];
  if (!name) errs.push(required(p.child('name'), 'service name is required'));
  if (!namespace) errs.push(required(p.child('namespace'), 'service namespace is required'));
  const portErrs = isValidPortNum(port);
  if (portErrs.length > 0) errs.push(invalid(p.child('port'), port, `port is not valid: ${portErrs.join(', ')}`));
  if (path === undefined || path === '/' || path.length === 0) return errs;
  if (path === '//') return [...errs, invalid(p.child('path'), path, 'segment[0] may not be empty')];
  if (!path.startsWith('/')) errs.push(invalid(p.child('path'), path, "must start with a '/'"));
  let check = path.slice(1);
  if (check.endsWith('/')) check = check.slice(0, -1);
  check.split('/').forEach((step, i) => {
    if (step.length === 0) errs.push(invalid(p.child('path'), path, `segment[${i}] may not be empty`));
    else for (const f of isDNS1123Subdomain(step)) errs.push(invalid(p.child('path'), path, `segment[${i}]: ${f}`));
  });
  return errs;
}
